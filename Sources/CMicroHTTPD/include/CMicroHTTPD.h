#ifndef CMICROHTTPD_H
#define CMICROHTTPD_H

// What Swift cannot reach in libmicrohttpd by itself: the variadic MHD_start_daemon and the
// macros that are casts (MHD_SIZE_UNKNOWN, MHD_CONTENT_READER_END_*). Everything else in
// <microhttpd.h> (responses, headers, connection values) Swift calls directly.

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <microhttpd.h>

/// A response body of unknown length (sent chunked). The corresponding C macro is MHD_SIZE_UNKNOWN.
extern const uint64_t CMicroHTTPD_SIZE_UNKNOWN;
/// A content reader's "the body is complete". The corresponding C macro is MHD_CONTENT_READER_END_OF_STREAM.
extern const ssize_t CMicroHTTPD_END_OF_STREAM;
/// A content reader's "stop, close the connection". The corresponding C macro is MHD_CONTENT_READER_END_WITH_ERROR.
extern const ssize_t CMicroHTTPD_END_WITH_ERROR;

/// Starts a daemon listening on `address`, one thread per connection (so a server-sent-events
/// body may wait for its next event in its content reader) plus one polling thread.
///
/// At most `connection_limit` connections at once (more are closed at accept), each closed after
/// `timeout_seconds` without traffic, each with `memory_limit` bytes for its request line and
/// headers (a longer request is answered 4xx by the library). Returns NULL when the address cannot
/// be bound; errno then says why. Each request's context (`*con_cls` in the access handler) is a
/// copy of its target as sent, up to any NUL byte (a C string the shim frees when the request ends).
struct MHD_Daemon *CMicroHTTPD_start(
    const struct sockaddr *address,
    int ipv6,
    unsigned int connection_limit,
    unsigned int timeout_seconds,
    size_t memory_limit,
    MHD_AccessHandlerCallback handler,
    void *handler_context);

/// The port a running daemon listens on (the one the kernel chose when started on port 0), or 0.
/// The corresponding C call is MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT).
uint16_t CMicroHTTPD_boundPort(struct MHD_Daemon *daemon);

#endif

#include "CMicroHTTPD.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

// The request target as it came (up to any NUL byte), kept as the request's context so the access
// handler can compare it with the path and arguments the library parsed: a NUL or a percent sign
// makes them differ, and such a request is refused.
static void *keep_target(void *cls, const char *uri, struct MHD_Connection *connection) {
    (void)cls;
    (void)connection;
    return strdup(uri == NULL ? "" : uri);
}

static void forget_target(void *cls, struct MHD_Connection *connection, void **context, enum MHD_RequestTerminationCode code) {
    (void)cls;
    (void)connection;
    (void)code;
    free(*context);
    *context = NULL;
}

const uint64_t CMicroHTTPD_SIZE_UNKNOWN = MHD_SIZE_UNKNOWN;
const ssize_t CMicroHTTPD_END_OF_STREAM = MHD_CONTENT_READER_END_OF_STREAM;
const ssize_t CMicroHTTPD_END_WITH_ERROR = MHD_CONTENT_READER_END_WITH_ERROR;

struct MHD_Daemon *CMicroHTTPD_start(
    const struct sockaddr *address,
    int ipv6,
    unsigned int connection_limit,
    unsigned int timeout_seconds,
    size_t memory_limit,
    MHD_AccessHandlerCallback handler,
    void *handler_context) {
    unsigned int flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_THREAD_PER_CONNECTION;
    uint16_t port;
    if (ipv6) {
        flags |= MHD_USE_IPv6;
        port = ntohs(((const struct sockaddr_in6 *)address)->sin6_port);
    } else {
        port = ntohs(((const struct sockaddr_in *)address)->sin_port);
    }
    return MHD_start_daemon(
        flags, port, NULL, NULL, handler, handler_context,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
        MHD_OPTION_URI_LOG_CALLBACK, keep_target, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, forget_target, NULL,
        MHD_OPTION_END);
}

uint16_t CMicroHTTPD_boundPort(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

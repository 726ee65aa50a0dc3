// uvc-gadget-feeder: a USB webcam made of software, for the UVC integration test.
//
// It plays the device side of a UVC 1.0 camera through gadgetfs on the dummy_hcd USB
// controller (dummy_udc.0), so the guest's own uvcvideo driver, the one kiosks run, enumerates
// it, negotiates with it and streams from it. The camera offers format 1 YUYV at 640x480 (30 fps)
// and 1280x720 (10 fps, as USB 2.0 webcams do), and format 2 MJPEG at 1280x720 (30 fps).
//
// Why gadgetfs and not the kernel's UVC function (usb_f_uvc): usb_f_uvc streams only over an
// isochronous endpoint, and dummy_hcd has none (its ISO endpoints are compiled out: "we don't
// provide isochronous endpoints since we don't support them"), so binding it fails with "Unable
// to allocate streaming EP". uvcvideo also handles bulk-streaming cameras (many real ones are),
// and gadgetfs lets this program describe one: every descriptor below, the UVC probe/commit
// negotiation and the payloads (a 2-byte UVC header, FID toggling per frame, EOF on the last
// payload) are written here from the UVC 1.1 specification.
//
//   uvc-gadget-feeder FRAME-DIRECTORY [GADGETFS-DIRECTORY]   (default /dev/gadget, mounted)
//
// Frames are files the test writes: yuyv-640x480.N, yuyv-1280x720.N, mjpeg-1280x720.N
// (N = 0, 1, ...) and corrupt-1280x720.N, streamed instead of the MJPEG frames while SIGUSR1
// has switched corrupt mode on (SIGUSR2 switches it off). Plugged in while it runs: SIGTERM
// closes the controller file, which unbinds the gadget (a USB unplug), and exits. One line per
// event goes to standard output.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/usb/ch9.h>
#include <linux/usb/gadgetfs.h>
#include <linux/usb/video.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

// ---- The camera ------------------------------------------------------------------------------

struct frame_kind {
    int format_index, frame_index;
    const char *name;  // frame file prefix
    int width, height;
    uint32_t interval;  // 100 ns units
    uint32_t max_size;
};
static const struct frame_kind kinds[] = {
    {1, 1, "yuyv-640x480", 640, 480, 333333, 640 * 480 * 2},
    {1, 2, "yuyv-1280x720", 1280, 720, 1000000, 1280 * 720 * 2},
    {2, 1, "mjpeg-1280x720", 1280, 720, 333333, 1280 * 720 * 2},
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])
// One bulk payload: a UVC header and up to this many bytes in all (one uvcvideo bulk URB).
#define PAYLOAD 16384
#define HEADER 2

static uint8_t configuration[512];
static size_t configuration_length;

static void put(const uint8_t *bytes, size_t count) {
    memcpy(configuration + configuration_length, bytes, count);
    configuration_length += count;
}
static void put16(uint8_t *at, uint32_t value) { at[0] = (uint8_t)value; at[1] = (uint8_t)(value >> 8); }
static void put32(uint8_t *at, uint32_t value) { put16(at, value & 0xffff); put16(at + 2, value >> 16); }

// A VS_FRAME_UNCOMPRESSED or VS_FRAME_MJPEG descriptor with one discrete interval.
static void put_frame(uint8_t subtype, const struct frame_kind *kind) {
    uint8_t d[30] = {30, USB_DT_CS_INTERFACE, subtype, (uint8_t)kind->frame_index, 0};
    put16(d + 5, (uint32_t)kind->width);
    put16(d + 7, (uint32_t)kind->height);
    uint32_t bits = (uint32_t)((uint64_t)kind->max_size * 8 * 10000000 / kind->interval);
    put32(d + 9, bits);
    put32(d + 13, bits);
    put32(d + 17, kind->max_size);
    put32(d + 21, kind->interval);
    d[25] = 1;
    put32(d + 26, kind->interval);
    put(d, sizeof d);
}

// The configuration descriptor and everything under it, for bulk packets of MAX_PACKET bytes.
static void build_configuration(uint16_t max_packet) {
    configuration_length = 0;
    uint8_t config[9] = {9, USB_DT_CONFIG, 0, 0, 2, 1, 0, 0x80, 250};
    put(config, sizeof config);
    uint8_t association[8] = {8, USB_DT_INTERFACE_ASSOCIATION, 0, 2, 0x0e, 0x03, 0, 0};
    put(association, sizeof association);
    uint8_t control[9] = {9, USB_DT_INTERFACE, 0, 0, 0, 0x0e, 0x01, 0, 0};
    put(control, sizeof control);
    uint8_t header[13] = {13, USB_DT_CS_INTERFACE, UVC_VC_HEADER, 0x00, 0x01, 40, 0, 0, 0, 0, 0, 1, 1};
    put32(header + 7, 48000000);
    put(header, sizeof header);
    uint8_t camera[18] = {18, USB_DT_CS_INTERFACE, UVC_VC_INPUT_TERMINAL, 1, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0};
    put(camera, sizeof camera);
    uint8_t output[9] = {9, USB_DT_CS_INTERFACE, UVC_VC_OUTPUT_TERMINAL, 2, 0x01, 0x01, 0, 1, 0};
    put(output, sizeof output);
    uint8_t streaming[9] = {9, USB_DT_INTERFACE, 1, 0, 1, 0x0e, 0x02, 0, 0};
    put(streaming, sizeof streaming);
    uint8_t input_header[15] = {15, USB_DT_CS_INTERFACE, UVC_VS_INPUT_HEADER, 2, 0, 0, 0x81, 0, 2, 0, 0, 0, 1, 0, 0};
    put16(input_header + 4, 15 + 27 + 30 + 30 + 11 + 30);
    put(input_header, sizeof input_header);
    uint8_t yuyv[27] = {27, USB_DT_CS_INTERFACE, UVC_VS_FORMAT_UNCOMPRESSED, 1, 2,
                        'Y', 'U', 'Y', '2', 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
                        16, 1, 0, 0, 0, 0};
    put(yuyv, sizeof yuyv);
    put_frame(UVC_VS_FRAME_UNCOMPRESSED, &kinds[0]);
    put_frame(UVC_VS_FRAME_UNCOMPRESSED, &kinds[1]);
    uint8_t mjpeg[11] = {11, USB_DT_CS_INTERFACE, UVC_VS_FORMAT_MJPEG, 2, 1, 0, 1, 0, 0, 0, 0};
    put(mjpeg, sizeof mjpeg);
    put_frame(UVC_VS_FRAME_MJPEG, &kinds[2]);
    uint8_t endpoint[7] = {7, USB_DT_ENDPOINT, 0x81, USB_ENDPOINT_XFER_BULK, 0, 0, 0};
    put16(endpoint + 4, max_packet);
    put(endpoint, sizeof endpoint);
    put16(configuration + 2, (uint32_t)configuration_length);
}

static const uint8_t device_descriptor[18] = {
    18, USB_DT_DEVICE, 0x00, 0x02, 0xef, 0x02, 0x01, 64,
    0x6b, 0x1d, 0x02, 0x01, 0x00, 0x01, 1, 2, 0, 1};  // 1d6b:0102, IAD class, strings 1 and 2
static const char *strings[] = {NULL, "kioskd test", "Counter Webcam (gadgetfs UVC)"};

// ---- State -------------------------------------------------------------------------------------

struct clip {
    unsigned char **data;
    size_t *length;
    int count;
};

static volatile sig_atomic_t corrupt_mode = 0, stopping = 0;
static struct clip clips[KIND_COUNT], corrupt;
static int control_fd = -1, bulk_fd = -1;
static const char *gadgetfs = "/dev/gadget";
static struct uvc_streaming_control probe, commit;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static const struct frame_kind *streaming_kind;  // NULL: not streaming
static unsigned generation;
static pthread_t writer;
// Since when the host owes the camera a probe (SET_CUR): from the configuration being set, or from
// a probe cut off (EIDRM); 0 once one arrived. Under an emulated, loaded CPU the host's uvcvideo
// has timed out on its first query of a fresh plug-in and then given up binding the camera.
static time_t awaiting_probe_since;

static void say(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vprintf(format, arguments);
    va_end(arguments);
    putchar('\n');
    fflush(stdout);
}

static void on_signal(int number) {
    if (number == SIGUSR1) corrupt_mode = 1;
    else if (number == SIGUSR2) corrupt_mode = 0;
    else if (number == SIGTERM || number == SIGINT) stopping = 1;
    // SIGURG only interrupts the writer's blocking write().
}

static struct clip load_clip(const char *directory, const char *prefix) {
    struct clip clip = {NULL, NULL, 0};
    for (int index = 0;; index++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.%d", directory, prefix, index);
        FILE *file = fopen(path, "rb");
        if (!file) break;
        struct stat info;
        if (fstat(fileno(file), &info) < 0) { fclose(file); break; }
        unsigned char *bytes = malloc(info.st_size > 0 ? (size_t)info.st_size : 1);
        size_t got = fread(bytes, 1, (size_t)info.st_size, file);
        fclose(file);
        clip.data = realloc(clip.data, sizeof *clip.data * (size_t)(index + 1));
        clip.length = realloc(clip.length, sizeof *clip.length * (size_t)(index + 1));
        clip.data[index] = bytes;
        clip.length[index] = got;
        clip.count = index + 1;
    }
    return clip;
}

// Starts (KIND) or stops (NULL) the stream, interrupting a write in progress.
static void set_streaming(const struct frame_kind *kind) {
    pthread_mutex_lock(&lock);
    streaming_kind = kind;
    generation++;
    pthread_cond_signal(&changed);
    pthread_mutex_unlock(&lock);
    pthread_kill(writer, SIGURG);
}

// ---- Streaming ---------------------------------------------------------------------------------

// Writes one frame as bulk payloads. Every payload is PAYLOAD bytes or ends in a short packet
// (a length that is not a multiple of 512), so uvcvideo sees where each payload ends.
static int send_frame(const unsigned char *frame, size_t length, int fid) {
    static unsigned char payload[PAYLOAD];
    size_t offset = 0;
    do {
        size_t room = PAYLOAD - HEADER;
        size_t take = length - offset < room ? length - offset : room;
        size_t total = take + HEADER;
        if (total < PAYLOAD && total % 512 == 0) take -= 1, total -= 1;  // keep it short
        int last = offset + take == length;
        payload[0] = HEADER;
        payload[1] = (uint8_t)(UVC_STREAM_EOH | (fid ? UVC_STREAM_FID : 0) | (last ? UVC_STREAM_EOF : 0));
        memcpy(payload + HEADER, frame + offset, take);
        ssize_t written = write(bulk_fd, payload, total);
        if (written != (ssize_t)total) return -1;
        offset += take;
    } while (offset < length);
    return 0;
}

static void *write_frames(void *unused) {
    (void)unused;
    int fid = 0, next = 0;
    unsigned long long sent = 0;
    struct timespec due;
    clock_gettime(CLOCK_MONOTONIC, &due);
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!streaming_kind && !stopping) pthread_cond_wait(&changed, &lock);
        const struct frame_kind *kind = streaming_kind;
        unsigned started = generation;
        pthread_mutex_unlock(&lock);
        if (stopping) return NULL;
        const struct clip *clip = &clips[kind - kinds];
        if (corrupt_mode && kind->format_index == 2 && corrupt.count) clip = &corrupt;
        int index = next++ % clip->count;
        if (send_frame(clip->data[index], clip->length[index], fid) < 0) {
            if (errno != EINTR) say("feeder: bulk write: %s", strerror(errno));
            pthread_mutex_lock(&lock);
            if (generation == started) streaming_kind = NULL;  // the host went away; wait for a commit
            pthread_mutex_unlock(&lock);
            continue;
        }
        fid = !fid;
        if (++sent % 100 == 0) say("feeder: %llu frames sent", sent);
        // Pace at the committed interval from the previous due time (no drift), or restart the
        // schedule when behind by more than a frame.
        long step = (long)kind->interval * 100;
        due.tv_nsec += step;
        while (due.tv_nsec >= 1000000000) due.tv_nsec -= 1000000000, due.tv_sec++;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > due.tv_sec + 1) due = now;
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
    }
}

// ---- Control requests --------------------------------------------------------------------------

static void acknowledge(void) {
    char nothing;
    if (read(control_fd, &nothing, 0) < 0) say("feeder: status stage: %s", strerror(errno));
}

// gadgetfs stalls ep0 when the status stage goes the wrong way.
static void stall(const struct usb_ctrlrequest *setup) {
    char nothing;
    if (setup->bRequestType & USB_DIR_IN) (void)!read(control_fd, &nothing, 0);
    else (void)!write(control_fd, &nothing, 0);
}

static void reply(const struct usb_ctrlrequest *setup, const void *data, size_t length) {
    if (length > setup->wLength) length = setup->wLength;
    // EIDRM: the host gave up on this request (a newer SETUP replaced it); nothing to answer.
    if (write(control_fd, data, length) < 0)
        say("feeder: ep0 write for request %02x.%02x: %s", setup->bRequestType, setup->bRequest, strerror(errno));
}

// Reads the OUT data of the control request being handled (a SET_CUR's 26 bytes). A blocking read
// could wait forever: gadgetfs takes the data as soon as the host sends it and the host then sends
// its next request, which clears the "data ready" the blocked read waits for (the read never
// wakes, the next request is never answered, and uvcvideo gives up on the camera after its 5 s
// timeout: seen in CI under the emulated CPU). So the read does not block and is repeated until
// the data is there, or until gadgetfs reports the request cut off by a newer one (EIDRM), or 2 s.
static ssize_t read_out_data(void *buffer, size_t length) {
    int flags = fcntl(control_fd, F_GETFL);
    fcntl(control_fd, F_SETFL, flags | O_NONBLOCK);
    ssize_t got = -1;
    for (int attempt = 0; attempt < 2000; attempt++) {
        got = read(control_fd, buffer, length);
        if (got >= 0 || (errno != EAGAIN && errno != EINTR)) break;
        struct timespec millisecond = {0, 1000000};
        nanosleep(&millisecond, NULL);
    }
    int saved = errno;
    fcntl(control_fd, F_SETFL, flags);
    errno = saved;
    return got;
}

static const struct frame_kind *kind_for(int format_index, int frame_index) {
    for (size_t i = 0; i < KIND_COUNT; i++)
        if (kinds[i].format_index == format_index && kinds[i].frame_index == frame_index) return &kinds[i];
    return NULL;
}

static void describe(struct uvc_streaming_control *control, const struct frame_kind *kind) {
    memset(control, 0, sizeof *control);
    control->bmHint = 1;
    control->bFormatIndex = (uint8_t)kind->format_index;
    control->bFrameIndex = (uint8_t)kind->frame_index;
    control->dwFrameInterval = kind->interval;
    control->dwMaxVideoFrameSize = kind->max_size;
    control->dwMaxPayloadTransferSize = PAYLOAD;
}

static void open_bulk_endpoint(void) {
    if (bulk_fd >= 0) return;
    char path[4096];
    snprintf(path, sizeof path, "%s/ep1in-bulk", gadgetfs);
    bulk_fd = open(path, O_RDWR);
    if (bulk_fd < 0) { say("feeder: open %s: %s", path, strerror(errno)); return; }
    uint8_t descriptors[4 + 7 + 7] = {1, 0, 0, 0,  // tag 1, then full- and high-speed descriptors
                                      7, USB_DT_ENDPOINT, 0x81, USB_ENDPOINT_XFER_BULK, 64, 0, 0,
                                      7, USB_DT_ENDPOINT, 0x81, USB_ENDPOINT_XFER_BULK, 0, 2, 0};
    if (write(bulk_fd, descriptors, sizeof descriptors) < 0) {
        say("feeder: configure %s: %s", path, strerror(errno));
        close(bulk_fd);
        bulk_fd = -1;
    }
}

static void handle_standard(const struct usb_ctrlrequest *setup) {
    switch (setup->bRequest) {
    case USB_REQ_GET_DESCRIPTOR:
        if ((setup->wValue >> 8) == USB_DT_STRING) {
            int index = setup->wValue & 0xff;
            uint8_t string[64];
            if (index == 0) {
                uint8_t languages[4] = {4, USB_DT_STRING, 0x09, 0x04};
                reply(setup, languages, 4);
                return;
            }
            if (index < (int)(sizeof strings / sizeof strings[0]) && strings[index]) {
                size_t count = strlen(strings[index]);
                string[0] = (uint8_t)(2 + 2 * count);
                string[1] = USB_DT_STRING;
                for (size_t i = 0; i < count; i++) string[2 + 2 * i] = (uint8_t)strings[index][i], string[3 + 2 * i] = 0;
                reply(setup, string, string[0]);
                return;
            }
        }
        stall(setup);
        return;
    case USB_REQ_SET_CONFIGURATION:
        if (setup->wValue == 1) {
            open_bulk_endpoint();
            awaiting_probe_since = time(NULL);
        } else {
            set_streaming(NULL);
        }
        say("feeder: configuration %d", setup->wValue);
        acknowledge();
        return;
    case USB_REQ_SET_INTERFACE:
        acknowledge();
        return;
    case USB_REQ_GET_INTERFACE: {
        uint8_t alternate = 0;
        reply(setup, &alternate, 1);
        return;
    }
    default:
        stall(setup);
    }
}

static void handle_class(const struct usb_ctrlrequest *setup) {
    int interface = setup->wIndex & 0xff;
    int selector = setup->wValue >> 8;
    if (interface != 1 || (selector != UVC_VS_PROBE_CONTROL && selector != UVC_VS_COMMIT_CONTROL)) {
        if (interface == 0 && selector == UVC_VC_REQUEST_ERROR_CODE_CONTROL && setup->bRequest == UVC_GET_CUR) {
            uint8_t code = 0x06;  // invalid control: the camera has none
            reply(setup, &code, 1);
        } else {
            stall(setup);
        }
        return;
    }
    struct uvc_streaming_control answer, *control = selector == UVC_VS_PROBE_CONTROL ? &probe : &commit;
    switch (setup->bRequest) {
    case UVC_SET_CUR: {
        struct uvc_streaming_control wanted;
        memset(&wanted, 0, sizeof wanted);
        size_t length = setup->wLength < sizeof wanted ? setup->wLength : sizeof wanted;
        if (read_out_data(&wanted, length) < 0) {
            say("feeder: ep0 read: %s", strerror(errno));
            awaiting_probe_since = time(NULL);
            return;
        }
        awaiting_probe_since = 0;
        const struct frame_kind *kind = kind_for(wanted.bFormatIndex, wanted.bFrameIndex);
        if (!kind) kind = &kinds[0];
        describe(control, kind);
        if (selector == UVC_VS_COMMIT_CONTROL) {
            say("feeder: commit %s at %.2f fps", kind->name, 1e7 / kind->interval);
            set_streaming(kind);
        } else {
            say("feeder: probe %s", kind->name);
        }
        return;
    }
    case UVC_GET_CUR: answer = *control; break;
    case UVC_GET_MIN:
    case UVC_GET_DEF: describe(&answer, &kinds[0]); break;
    case UVC_GET_MAX: describe(&answer, &kinds[KIND_COUNT - 1]); break;
    case UVC_GET_LEN: {
        uint8_t size[2] = {26, 0};
        reply(setup, size, 2);
        return;
    }
    case UVC_GET_INFO: {
        uint8_t info = 0x03;
        reply(setup, &info, 1);
        return;
    }
    default:
        stall(setup);
        return;
    }
    reply(setup, &answer, 26);
}

// Binds the gadget to dummy_udc.0, which plugs it in: tag 0, the full-speed configuration, the
// high-speed one, the device descriptor.
static int plug_in(void) {
    char path[4096];
    snprintf(path, sizeof path, "%s/dummy_udc", gadgetfs);
    control_fd = open(path, O_RDWR);
    if (control_fd < 0) {
        fprintf(stderr, "uvc-gadget-feeder: open %s: %s (is gadgetfs mounted and dummy_hcd loaded?)\n", path, strerror(errno));
        return 1;
    }
    static uint8_t blob[4 + 2 * sizeof configuration + sizeof device_descriptor];
    size_t at = 4;
    memset(blob, 0, 4);
    build_configuration(64);
    memcpy(blob + at, configuration, configuration_length), at += configuration_length;
    build_configuration(512);
    memcpy(blob + at, configuration, configuration_length), at += configuration_length;
    memcpy(blob + at, device_descriptor, sizeof device_descriptor), at += sizeof device_descriptor;
    if (write(control_fd, blob, at) < 0) {
        fprintf(stderr, "uvc-gadget-feeder: writing the descriptors to %s: %s\n", path, strerror(errno));
        return 1;
    }
    say("feeder: plugged in (%zu bytes of configuration)", configuration_length);
    awaiting_probe_since = 0;
    return 0;
}

// Stops the stream and closes the gadget: the host sees an unplug.
static void unplug(void) {
    set_streaming(NULL);
    if (bulk_fd >= 0) close(bulk_fd);
    bulk_fd = -1;
    close(control_fd);
    control_fd = -1;
    say("feeder: unplugged");
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: uvc-gadget-feeder FRAME-DIRECTORY [GADGETFS-DIRECTORY]\n");
        return 2;
    }
    if (argc == 3) gadgetfs = argv[2];
    for (size_t i = 0; i < KIND_COUNT; i++) {
        clips[i] = load_clip(argv[1], kinds[i].name);
        if (!clips[i].count) {
            fprintf(stderr, "uvc-gadget-feeder: no frames %s/%s.0\n", argv[1], kinds[i].name);
            return 1;
        }
    }
    corrupt = load_clip(argv[1], "corrupt-1280x720");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;  // no SA_RESTART: SIGURG must interrupt write()
    sigaction(SIGUSR1, &action, NULL);
    sigaction(SIGUSR2, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGURG, &action, NULL);
    pthread_create(&writer, NULL, write_frames, NULL);

    if (plug_in() != 0) return 1;
    while (!stopping) {
        struct pollfd ready = {control_fd, POLLIN, 0};
        if (poll(&ready, 1, 1000) <= 0) {
            // Configured (or a probe cut off) and no probe for 10 s: the host's driver gave up
            // binding the camera (no /dev/video), which no real webcam would meet. Plug in again,
            // as a person would, so the test goes on to what it checks.
            if (awaiting_probe_since && !streaming_kind && time(NULL) - awaiting_probe_since >= 10) {
                say("feeder: the host has not probed the camera for 10 s; plugging in again");
                unplug();
                sleep(1);
                if (plug_in() != 0) return 1;
            }
            continue;
        }
        struct usb_gadgetfs_event events[5];
        ssize_t got = read(control_fd, events, sizeof events);
        if (got < 0) {
            // EIDRM: the host aborted the request being read (a newer SETUP replaced it, as after
            // a replug while the host enumerates); the next read has the newer events.
            if (errno == EINTR || errno == EAGAIN || errno == EIDRM) continue;
            say("feeder: ep0 read: %s", strerror(errno));
            break;
        }
        for (size_t i = 0; i < (size_t)got / sizeof events[0]; i++) {
            switch (events[i].type) {
            case GADGETFS_CONNECT: say("feeder: connect"); break;
            case GADGETFS_DISCONNECT: say("feeder: disconnect"); set_streaming(NULL); break;
            case GADGETFS_SUSPEND: break;
            case GADGETFS_SETUP:
                if ((events[i].u.setup.bRequestType & USB_TYPE_MASK) == USB_TYPE_CLASS) handle_class(&events[i].u.setup);
                else handle_standard(&events[i].u.setup);
                break;
            default: break;
            }
        }
    }
    unplug();
    return 0;
}

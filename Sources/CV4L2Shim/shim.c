#ifndef _GNU_SOURCE
#error "CV4L2Shim must be compiled with _GNU_SOURCE (see Package.swift)"
#endif
#include "CV4L2Shim.h"

#include <libv4l2.h>
#include <sys/mman.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

const unsigned long CV4L2Shim_VIDIOC_QUERYCAP = VIDIOC_QUERYCAP;
const unsigned long CV4L2Shim_VIDIOC_ENUM_FMT = VIDIOC_ENUM_FMT;
const unsigned long CV4L2Shim_VIDIOC_ENUM_FRAMESIZES = VIDIOC_ENUM_FRAMESIZES;
const unsigned long CV4L2Shim_VIDIOC_ENUM_FRAMEINTERVALS = VIDIOC_ENUM_FRAMEINTERVALS;
const unsigned long CV4L2Shim_VIDIOC_G_FMT = VIDIOC_G_FMT;
const unsigned long CV4L2Shim_VIDIOC_S_FMT = VIDIOC_S_FMT;
const unsigned long CV4L2Shim_VIDIOC_TRY_FMT = VIDIOC_TRY_FMT;
const unsigned long CV4L2Shim_VIDIOC_REQBUFS = VIDIOC_REQBUFS;
const unsigned long CV4L2Shim_VIDIOC_QUERYBUF = VIDIOC_QUERYBUF;
const unsigned long CV4L2Shim_VIDIOC_QBUF = VIDIOC_QBUF;
const unsigned long CV4L2Shim_VIDIOC_DQBUF = VIDIOC_DQBUF;
const unsigned long CV4L2Shim_VIDIOC_STREAMON = VIDIOC_STREAMON;
const unsigned long CV4L2Shim_VIDIOC_STREAMOFF = VIDIOC_STREAMOFF;
const unsigned long CV4L2Shim_VIDIOC_G_CTRL = VIDIOC_G_CTRL;
const unsigned long CV4L2Shim_VIDIOC_S_CTRL = VIDIOC_S_CTRL;
const unsigned long CV4L2Shim_VIDIOC_QUERYCTRL = VIDIOC_QUERYCTRL;
const unsigned long CV4L2Shim_VIDIOC_G_PARM = VIDIOC_G_PARM;
const unsigned long CV4L2Shim_VIDIOC_S_PARM = VIDIOC_S_PARM;

const uint32_t CV4L2Shim_PIX_FMT_GREY = V4L2_PIX_FMT_GREY;
const uint32_t CV4L2Shim_PIX_FMT_YUYV = V4L2_PIX_FMT_YUYV;
const uint32_t CV4L2Shim_PIX_FMT_NV12 = V4L2_PIX_FMT_NV12;
const uint32_t CV4L2Shim_PIX_FMT_YUV420 = V4L2_PIX_FMT_YUV420;
const uint32_t CV4L2Shim_PIX_FMT_MJPEG = V4L2_PIX_FMT_MJPEG;

const uint32_t CV4L2Shim_CAP_VIDEO_CAPTURE = V4L2_CAP_VIDEO_CAPTURE;
const uint32_t CV4L2Shim_CAP_VIDEO_CAPTURE_MPLANE = V4L2_CAP_VIDEO_CAPTURE_MPLANE;
const uint32_t CV4L2Shim_CAP_VIDEO_OUTPUT = V4L2_CAP_VIDEO_OUTPUT;
const uint32_t CV4L2Shim_CAP_META_CAPTURE = V4L2_CAP_META_CAPTURE;
const uint32_t CV4L2Shim_CAP_STREAMING = V4L2_CAP_STREAMING;
const uint32_t CV4L2Shim_CAP_READWRITE = V4L2_CAP_READWRITE;
const uint32_t CV4L2Shim_CAP_DEVICE_CAPS = V4L2_CAP_DEVICE_CAPS;
const uint32_t CV4L2Shim_CAP_TIMEPERFRAME = V4L2_CAP_TIMEPERFRAME;
const uint32_t CV4L2Shim_FMT_FLAG_EMULATED = V4L2_FMT_FLAG_EMULATED;
const uint32_t CV4L2Shim_BUF_FLAG_ERROR = V4L2_BUF_FLAG_ERROR;
const uint32_t CV4L2Shim_CTRL_FLAG_NEXT_CTRL = V4L2_CTRL_FLAG_NEXT_CTRL;
const uint32_t CV4L2Shim_CTRL_FLAG_DISABLED = V4L2_CTRL_FLAG_DISABLED;
const uint32_t CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE = V4L2_BUF_TYPE_VIDEO_CAPTURE;
const uint32_t CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT = V4L2_BUF_TYPE_VIDEO_OUTPUT;
const uint32_t CV4L2Shim_MEMORY_MMAP = V4L2_MEMORY_MMAP;
const uint32_t CV4L2Shim_FIELD_NONE = V4L2_FIELD_NONE;
const uint32_t CV4L2Shim_FRMSIZE_TYPE_DISCRETE = V4L2_FRMSIZE_TYPE_DISCRETE;
const uint32_t CV4L2Shim_FRMSIZE_TYPE_CONTINUOUS = V4L2_FRMSIZE_TYPE_CONTINUOUS;
const uint32_t CV4L2Shim_FRMSIZE_TYPE_STEPWISE = V4L2_FRMSIZE_TYPE_STEPWISE;
const uint32_t CV4L2Shim_FRMIVAL_TYPE_DISCRETE = V4L2_FRMIVAL_TYPE_DISCRETE;
const uint32_t CV4L2Shim_FRMIVAL_TYPE_CONTINUOUS = V4L2_FRMIVAL_TYPE_CONTINUOUS;
const uint32_t CV4L2Shim_FRMIVAL_TYPE_STEPWISE = V4L2_FRMIVAL_TYPE_STEPWISE;

const uint32_t CV4L2Shim_CID_EXPOSURE_AUTO = V4L2_CID_EXPOSURE_AUTO;
const uint32_t CV4L2Shim_CID_EXPOSURE_AUTO_PRIORITY = V4L2_CID_EXPOSURE_AUTO_PRIORITY;
const uint32_t CV4L2Shim_CID_EXPOSURE_ABSOLUTE = V4L2_CID_EXPOSURE_ABSOLUTE;
const uint32_t CV4L2Shim_CID_GAIN = V4L2_CID_GAIN;
const uint32_t CV4L2Shim_CID_AUTOGAIN = V4L2_CID_AUTOGAIN;
const uint32_t CV4L2Shim_CID_FOCUS_AUTO = V4L2_CID_FOCUS_AUTO;
const uint32_t CV4L2Shim_CID_FOCUS_ABSOLUTE = V4L2_CID_FOCUS_ABSOLUTE;
const int32_t CV4L2Shim_EXPOSURE_MANUAL = V4L2_EXPOSURE_MANUAL;

int CV4L2Shim_open(const char *path, int flags) { return v4l2_open(path, flags); }

int CV4L2Shim_openUnconverted(const char *path, int flags) {
    int fd = open(path, flags);
    if (fd < 0) return -1;
    if (v4l2_fd_open(fd, V4L2_DISABLE_CONVERSION) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int CV4L2Shim_close(int fd) { return v4l2_close(fd); }

int CV4L2Shim_ioctl(int fd, unsigned long request, void *arg) { return v4l2_ioctl(fd, request, arg); }

void *CV4L2Shim_mmap(int fd, size_t length, int64_t offset) {
    void *start = v4l2_mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
    return start == MAP_FAILED ? NULL : start;
}

int CV4L2Shim_munmap(void *start, size_t length) { return v4l2_munmap(start, length); }

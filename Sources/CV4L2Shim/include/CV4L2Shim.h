// What Swift cannot import from <linux/videodev2.h> and <libv4l2.h>: the _IOWR()-built ioctl
// request numbers, the v4l2_fourcc() and compound constants, and the variadic libv4l2 calls.
// Only what CaptureV4L2 uses is here.
#ifndef CV4L2SHIM_H
#define CV4L2SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/videodev2.h>

// ioctl requests (VIDIOC_*).
extern const unsigned long CV4L2Shim_VIDIOC_QUERYCAP;
extern const unsigned long CV4L2Shim_VIDIOC_ENUM_FMT;
extern const unsigned long CV4L2Shim_VIDIOC_ENUM_FRAMESIZES;
extern const unsigned long CV4L2Shim_VIDIOC_ENUM_FRAMEINTERVALS;
extern const unsigned long CV4L2Shim_VIDIOC_G_FMT;
extern const unsigned long CV4L2Shim_VIDIOC_S_FMT;
extern const unsigned long CV4L2Shim_VIDIOC_TRY_FMT;
extern const unsigned long CV4L2Shim_VIDIOC_REQBUFS;
extern const unsigned long CV4L2Shim_VIDIOC_QUERYBUF;
extern const unsigned long CV4L2Shim_VIDIOC_QBUF;
extern const unsigned long CV4L2Shim_VIDIOC_DQBUF;
extern const unsigned long CV4L2Shim_VIDIOC_STREAMON;
extern const unsigned long CV4L2Shim_VIDIOC_STREAMOFF;
extern const unsigned long CV4L2Shim_VIDIOC_G_CTRL;
extern const unsigned long CV4L2Shim_VIDIOC_S_CTRL;
extern const unsigned long CV4L2Shim_VIDIOC_QUERYCTRL;
extern const unsigned long CV4L2Shim_VIDIOC_G_PARM;
extern const unsigned long CV4L2Shim_VIDIOC_S_PARM;

// Pixel formats (v4l2_fourcc()).
extern const uint32_t CV4L2Shim_PIX_FMT_GREY;
extern const uint32_t CV4L2Shim_PIX_FMT_YUYV;
extern const uint32_t CV4L2Shim_PIX_FMT_NV12;
extern const uint32_t CV4L2Shim_PIX_FMT_YUV420;
extern const uint32_t CV4L2Shim_PIX_FMT_MJPEG;

// Capability and flag bits that CaptureV4L2 tests for.
extern const uint32_t CV4L2Shim_CAP_VIDEO_CAPTURE;
extern const uint32_t CV4L2Shim_CAP_VIDEO_CAPTURE_MPLANE;
extern const uint32_t CV4L2Shim_CAP_VIDEO_OUTPUT;
extern const uint32_t CV4L2Shim_CAP_META_CAPTURE;
extern const uint32_t CV4L2Shim_CAP_STREAMING;
extern const uint32_t CV4L2Shim_CAP_READWRITE;
extern const uint32_t CV4L2Shim_CAP_DEVICE_CAPS;
extern const uint32_t CV4L2Shim_CAP_TIMEPERFRAME;
extern const uint32_t CV4L2Shim_FMT_FLAG_EMULATED;
extern const uint32_t CV4L2Shim_BUF_FLAG_ERROR;
extern const uint32_t CV4L2Shim_CTRL_FLAG_NEXT_CTRL;
extern const uint32_t CV4L2Shim_CTRL_FLAG_DISABLED;
extern const uint32_t CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE;
extern const uint32_t CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT;
extern const uint32_t CV4L2Shim_MEMORY_MMAP;
extern const uint32_t CV4L2Shim_FIELD_NONE;
extern const uint32_t CV4L2Shim_FRMSIZE_TYPE_DISCRETE;
extern const uint32_t CV4L2Shim_FRMSIZE_TYPE_CONTINUOUS;
extern const uint32_t CV4L2Shim_FRMSIZE_TYPE_STEPWISE;
extern const uint32_t CV4L2Shim_FRMIVAL_TYPE_DISCRETE;
extern const uint32_t CV4L2Shim_FRMIVAL_TYPE_CONTINUOUS;
extern const uint32_t CV4L2Shim_FRMIVAL_TYPE_STEPWISE;

// Camera controls (V4L2_CID_*) and the exposure menu's manual entry.
extern const uint32_t CV4L2Shim_CID_EXPOSURE_AUTO;
extern const uint32_t CV4L2Shim_CID_EXPOSURE_AUTO_PRIORITY;
extern const uint32_t CV4L2Shim_CID_EXPOSURE_ABSOLUTE;
extern const uint32_t CV4L2Shim_CID_GAIN;
extern const uint32_t CV4L2Shim_CID_AUTOGAIN;
extern const uint32_t CV4L2Shim_CID_FOCUS_AUTO;
extern const uint32_t CV4L2Shim_CID_FOCUS_ABSOLUTE;
extern const int32_t CV4L2Shim_EXPOSURE_MANUAL;

/// Calls v4l2_open(path, flags): opens a V4L2 node through libv4l2 (format conversion enabled).
int CV4L2Shim_open(const char *path, int flags);
/// Opens a V4L2 node with open(2) and hands it to libv4l2 with V4L2_DISABLE_CONVERSION
/// (v4l2_fd_open): buffers arrive exactly as the driver fills them (MJPEG stays JPEG) and no
/// emulated formats are listed. Returns the fd, or -1 with errno set (nothing left open).
int CV4L2Shim_openUnconverted(const char *path, int flags);
/// Calls v4l2_close(fd).
int CV4L2Shim_close(int fd);
/// Calls v4l2_ioctl(fd, request, arg).
int CV4L2Shim_ioctl(int fd, unsigned long request, void *arg);
/// Calls v4l2_mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset); NULL on failure.
void *CV4L2Shim_mmap(int fd, size_t length, int64_t offset);
/// Calls v4l2_munmap(start, length).
int CV4L2Shim_munmap(void *start, size_t length);

#endif

// libv4lconvert (Debian: libv4l-dev), the conversion libv4l2 applies when asked for a format the
// camera does not have. Only pipeline-bench uses it, to time it beside kioskd's own MJPEG decode;
// libv4l-plugin.h gives struct libv4l_dev_ops, through which it runs without a device.
#include <linux/videodev2.h>
#include <libv4lconvert.h>
#include <libv4l-plugin.h>

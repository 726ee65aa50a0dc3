// libjpeg-turbo's TurboJPEG API (Debian: libturbojpeg0-dev): CaptureV4L2 decodes a UVC camera's
// MJPEG frames to their luma plane with it. Everything used imports as is.
#include <turbojpeg.h>

// zlib's raw deflate for the XLSX writer: deflateInit2 is a macro, so Swift gets a function.
#ifndef JIEDUI_CZLIB_SHIM_H
#define JIEDUI_CZLIB_SHIM_H

#include <zlib.h>

/// A raw deflate stream (no zlib header or trailer, as a zip entry holds it) at `level`.
static inline int jd_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

#endif

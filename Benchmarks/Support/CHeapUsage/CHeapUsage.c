#include "CHeapUsage.h"

#include <malloc.h>

#if !defined(__GLIBC__)
#error "heap_bytes_in_use needs glibc's mallinfo2"
#endif

size_t heap_bytes_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

#ifndef C_HEAP_USAGE_H
#define C_HEAP_USAGE_H

#include <stddef.h>

/// Bytes glibc's malloc has handed out and not had back: chunks in use in
/// every arena (mallinfo2's uordblks) plus chunks mmapped for large requests
/// (hblkhd). Swift's Glibc module does not import <malloc.h>, hence this shim.
size_t heap_bytes_in_use(void);

#endif

// GYM_HD marks model code that must compile for both host and device.
// Outside nvcc it expands to nothing, so core/ and envs/ stay plain C++.
#pragma once

#if defined(__CUDACC__)
#define GYM_HD __host__ __device__
#define GYM_FORCEINLINE __forceinline__
#define GYM_NOINLINE __noinline__
#else
#define GYM_HD
#define GYM_FORCEINLINE inline __attribute__((always_inline))
#define GYM_NOINLINE __attribute__((noinline))
#endif

#pragma once

#include <cstdio>
#include <cstdlib>

// Checks in fuzz targets: a broken property is a finding, so it aborts the
// way a sanitizer does and libFuzzer saves the input.
namespace passerelle::fuzz {

/// Aborts with `what` unless `ok`.
inline void check(bool ok, const char* what) {
  if (ok)
    return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}

} // namespace passerelle::fuzz

// Settings for jemalloc when the gateway is linked with it (CMake option
// PASSERELLE_JEMALLOC); an unused string otherwise. A background thread
// hands freed pages back to the system within seconds even when the
// gateway is idle, instead of at the next allocations; `muzzy_decay_ms:0`
// unmaps them (MADV_DONTNEED) rather than leaving them lazily freed, so
// RSS shows what the gateway holds. The MALLOC_CONF environment variable
// still overrides these.
extern "C" {
// NOLINTNEXTLINE: jemalloc looks this symbol up by name.
const char* malloc_conf = "background_thread:true,muzzy_decay_ms:0";
}

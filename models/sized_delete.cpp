// Relacy replaces the global operator new (relacy/context.hpp: inside a model
// run it allocates from the model's own heap, outside it calls malloc), and
// declares the matching unsized operator delete inline. But since C++14 the
// compiler and libstdc++ free with the sized delete, which Relacy does not
// replace, and the inline unsized one is never emitted: std::string's buffer
// or a std::system_error's message went to libstdc++'s delete, i.e. free(),
// with a pointer from Relacy's heap: "free(): invalid pointer". Here every
// global delete goes to Relacy's, so a primitive may throw a contract
// violation or a system_error inside a model run (mutex.robust's
// state_not_recoverable) and the suite may catch it.
#include <cstddef>
#include <new>

#include "primitives/platform/relacy.hpp"

// Relacy's unsized deletes (inline in relacy/context.hpp, included through the
// seam) are the ones these call, so they are emitted here, and the program's
// own definitions of all four replace libstdc++'s.
void operator delete(void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { ::operator delete[](p); }

// Taking their addresses emits Relacy's inline unsized deletes here as well
// (the calls above are inlined), so libstdc++'s own frees reach them too.
[[gnu::used]] static void (*const emitted_delete)(void*) noexcept = &::operator delete;
[[gnu::used]] static void (*const emitted_delete_array)(void*) noexcept = &::operator delete[];

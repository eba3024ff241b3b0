// Where a ring queue's cells live.
//
//   cells_on_heap         allocated at construction through the seam (so that
//                         Relacy tracks them), any power-of-two capacity: the
//                         default.
//   cells_in_place<N>     inside the queue object itself, exactly N cells: a
//                         queue in a mapping shared by several processes must
//                         hold no pointers, since each process maps it at its
//                         own address (see primitives/shared/region.hpp).
//
// The queue's algorithm is the same source either way; only data() differs.
#pragma once

#include <cstddef>
#include <string>

#include "../contract.hpp"

namespace synclab {

struct cells_on_heap {
    template <class Cell, class P>
    class storage {
    public:
        explicit storage(std::size_t capacity)
            : capacity_(capacity), cells_(P::template create_array<Cell>(capacity)) {}
        storage(const storage&) = delete;
        storage& operator=(const storage&) = delete;
        ~storage() { P::destroy_array(cells_, capacity_); }
        Cell* data() noexcept { return cells_; }

    private:
        const std::size_t capacity_;
        Cell* const cells_;
    };
};

template <std::size_t N>
struct cells_in_place {
    template <class Cell, class P>
    class storage {
    public:
        explicit storage(std::size_t capacity) {
            if (capacity != N) {
                throw contract_violation("cells_in_place<" + std::to_string(N) + ">(" + std::to_string(capacity) +
                                         "): a queue with its cells in place has exactly " + std::to_string(N) +
                                         " of them");
            }
        }
        Cell* data() noexcept { return cells_; }

    private:
        Cell cells_[N];
    };
};

}  // namespace synclab

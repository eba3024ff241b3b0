// A registry as gtest's typed-test type list, each entry named after its id
// ("mutex.futex" -> mutex_futex): one typed test per registered implementation.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "primitives/registry.hpp"

namespace synclab::testing {

template <class R>
struct gtest_types;
template <class... E>
struct gtest_types<registry<E...>> {
    using type = ::testing::Types<E...>;
};

struct id_name {
    template <class E>
    static std::string GetName(int) {
        std::string s(E::id);
        for (char& c : s)
            if (c == '.') c = '_';
        return s;
    }
};

}  // namespace synclab::testing

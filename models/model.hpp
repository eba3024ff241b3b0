// The one include of the Relacy model layer. Relacy's header must come after
// every standard header (its macros break headers included after it), so the
// standard headers this layer uses and the registry come first, and the seam's
// Relacy binding (which includes relacy.hpp and removes most of its macros) last.
//
// What stays defined after it: `$` (the debug-info macro used as `var($)`),
// RL_ASSERT, and also `assert` and `errno` (both rewritten to Relacy's): do not
// use errno in this layer, parse with std::from_chars.
#pragma once

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "primitives/mutex/mutants.hpp"
#include "primitives/mutex/registry.hpp"

#include "primitives/platform/relacy.hpp"

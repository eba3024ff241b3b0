// The one include of the Relacy model layer. Relacy's header must come after
// every standard header (its macros break headers included after it), so the
// standard headers this layer uses and every concept's registry come first, and the seam's
// Relacy binding (which includes relacy.hpp and removes most of its macros) last.
//
// What stays defined after it: `$` (the debug-info macro used as `var($)`),
// RL_ASSERT, and also `assert` and `errno` (both rewritten to Relacy's): do not
// use errno in this layer, parse with std::from_chars.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <signal.h>
#include <unistd.h>

#include "primitives/deadline.hpp"
#include "synclab/concepts.hpp"  // every concept's registry and mutants (primitives/concepts.tsv)

#include "primitives/platform/relacy.hpp"

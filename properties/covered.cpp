// The ids and mutants the property layer covers (--list, --list-mutants, --id):
// every concept of the list (synclab::concepts), its registry and its mutants.
#include <string>
#include <vector>

#include "registration.hpp"
#include "synclab/concepts.hpp"

namespace synclab::properties {

std::vector<std::string> covered_ids() {
    std::vector<std::string> ids;
    auto add = [&]<class E>() { ids.emplace_back(E::id); };
    concepts::for_each([&]<class C>() { C::implementations::for_each(add); });
    return ids;
}

std::vector<mutant_row> covered_mutants() {
    std::vector<mutant_row> rows;
    auto add = [&]<class E>() {
        const property_verdict v = E::expected.property;
        rows.push_back({std::string(E::id), std::string(spelled(v))});
    };
    concepts::for_each([&]<class C>() { C::mutants::for_each(add); });
    return rows;
}

}  // namespace synclab::properties

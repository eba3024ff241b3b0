// synclab_info: the concepts and everything registered in them, from the one
// concept list (primitives/concepts.tsv, generated as synclab::concepts).
//
//   synclab_info          one implementation a line, tab-separated:
//                         concept  id  properties (comma-separated, the true ones)  description
//   synclab_info --json   one JSON object: every concept with its room, its
//                         implementations (id, description, properties) and its
//                         mutants (id, base, description, and what each layer
//                         must report: model, stress, property)
//
// `./synclab list`, the zoo and prove.py read this; nothing keeps a copy of
// the list.
#include <cstdio>
#include <string>
#include <string_view>

#include "synclab/concepts.hpp"
#include "tools/results.hpp"

namespace {

using synclab::results::json_string;

template <class E>
std::string flags_text() {
    std::string s;
    for (const auto& f : property_flags(E::properties)) {
        if (f.on) s += (s.empty() ? "" : ",") + f.name;
    }
    return s.empty() ? "-" : s;
}

template <class E>
std::string properties_json() {
    std::string s = "{";
    for (const auto& f : property_flags(E::properties)) {
        s += (s.size() > 1 ? "," : "") + json_string(f.name) + (f.on ? ":true" : ":false");
    }
    return s + "}";
}

void print_table() {
    synclab::concepts::for_each([]<class C>() {
        C::implementations::for_each([]<class E>() {
            std::printf("%.*s\t%.*s\t%s\t%.*s\n", static_cast<int>(C::name.size()), C::name.data(),
                        static_cast<int>(E::id.size()), E::id.data(), flags_text<E>().c_str(),
                        static_cast<int>(E::description.size()), E::description.data());
        });
    });
}

void print_json() {
    std::string out = "{\"concepts\":[";
    bool first_concept = true;
    synclab::concepts::for_each([&]<class C>() {
        out += std::string(first_concept ? "" : ",") + "\n {\"name\":" + json_string(C::name) +
               ",\"room\":" + json_string(C::room) + ",\n  \"implementations\":[";
        first_concept = false;
        bool first = true;
        C::implementations::for_each([&]<class E>() {
            out += std::string(first ? "" : ",") + "\n   {\"id\":" + json_string(E::id) +
                   ",\"description\":" + json_string(E::description) + ",\"properties\":" + properties_json<E>() + "}";
            first = false;
        });
        out += "],\n  \"mutants\":[";
        first = true;
        C::mutants::for_each([&]<class M>() {
            out += std::string(first ? "" : ",") + "\n   {\"id\":" + json_string(M::id) + ",\"base\":" +
                   json_string(M::base_id) + ",\"description\":" + json_string(M::description) +
                   ",\"expected\":{\"model\":" + json_string(synclab::spelled(M::expected.model)) +
                   ",\"stress\":" + json_string(synclab::spelled(M::expected.stress)) +
                   ",\"property\":" + json_string(synclab::spelled(M::expected.property)) + "}}";
            first = false;
        });
        out += "]}";
    });
    out += "]}\n";
    std::fputs(out.c_str(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view flag = argc > 1 ? argv[1] : "";
    if (argc > 2 || (argc == 2 && flag != "--json")) {
        std::fprintf(stderr, "synclab_info: takes no arguments or --json, not '%s'\nusage: synclab_info [--json]\n",
                     argc > 2 ? argv[2] : argv[1]);
        return 2;
    }
    if (flag == "--json") {
        print_json();
    } else {
        print_table();
    }
    return 0;
}

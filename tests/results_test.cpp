// The result lines every checker writes (tools/results.hpp): one JSON object
// a line, strings escaped, appended to the file SYNCLAB_RESULTS names.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tools/results.hpp"

namespace {

TEST(Results, StringsAreEscaped) {
    EXPECT_EQ(synclab::results::json_string("plain"), "\"plain\"");
    EXPECT_EQ(synclab::results::json_string("RC_PARAMS=\"seed=1\" a\\b"), "\"RC_PARAMS=\\\"seed=1\\\" a\\\\b\"");
    EXPECT_EQ(synclab::results::json_string("two\nlines\t\x01"), "\"two\\nlines\\t\\u0001\"");
}

TEST(Results, OneObjectPerLineWithEveryKey) {
    const std::string text =
        synclab::results::line{"model", "mutex.tas~load-store", "exclusion", "full", 2, "DATA_RACE", 6, 0.25,
                               "./synclab check mutex.tas~load-store"}
            .text();
    EXPECT_EQ(text,
              "{\"layer\":\"model\",\"id\":\"mutex.tas~load-store\",\"suite\":\"exclusion\",\"search\":\"full\","
              "\"threads\":2,\"verdict\":\"DATA_RACE\",\"iterations\":6,\"seconds\":0.250,"
              "\"replay\":\"./synclab check mutex.tas~load-store\"}\n");
    EXPECT_EQ(text.find('\n'), text.size() - 1);
}

// Run in a child that starts afresh (threadsafe style re-executes the test
// binary): open_results() reads the environment once per process.
TEST(Results, AppendsToTheNamedFile) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    const std::string path = ::testing::TempDir() + "synclab_results_test.jsonl";
    std::remove(path.c_str());
    {
        std::ofstream earlier(path);
        earlier << "{\"earlier\":1}\n";
    }
    EXPECT_EXIT(
        {
            ::setenv("SYNCLAB_RESULTS", path.c_str(), 1);
            synclab::results::write({"stress", "a", "b", "", 2, "pass", 1, 0.5, ""});
            synclab::results::write({"stress", "a", "c", "", 2, "hang", 0, 2, ""});
            std::exit(0);
        },
        ::testing::ExitedWithCode(0), "");
    std::ifstream in(path);
    std::stringstream all;
    all << in.rdbuf();
    const std::string s = all.str();
    EXPECT_EQ(s.rfind("{\"earlier\":1}\n", 0), 0u) << s;
    EXPECT_NE(s.find("\"suite\":\"b\""), std::string::npos) << s;
    EXPECT_LT(s.find("\"suite\":\"b\""), s.find("\"suite\":\"c\"")) << s;
    std::remove(path.c_str());
}

}  // namespace

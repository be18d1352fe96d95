// The decisions behind message boxes and console keys, on recorded facts, on every platform; and
// the console-key command's input checks through the real binary.
#include <gtest/gtest.h>

#include <algorithm>

#include "harness/cli/commands.h"
#include "harness/platform/desktop_rules.h"
#include "tests/harness_runner.h"

namespace shmh {
namespace {

using platform::DialogButton;

// The buttons as Wine 8.0 showed them in the sample's MB_OK box (ids read with GetDlgCtrlID).
TEST(DismissingButton, OkOfTheSampleBox) {
  const auto chosen = platform::dismissing_button({DialogButton{1, "OK"}});
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->id, platform::kIdOk);
}

TEST(DismissingButton, OkBeforeCancelWhateverTheOrderOrText) {
  const auto chosen = platform::dismissing_button({DialogButton{2, "Abbrechen"}, DialogButton{1, "Aceptar"}});
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->id, platform::kIdOk);
  EXPECT_EQ(chosen->text, "Aceptar");
}

TEST(DismissingButton, CancelWhenThereIsNoOk) {
  // MB_RETRYCANCEL: Retry 4, Cancel 2.
  const auto chosen = platform::dismissing_button({DialogButton{4, "Retry"}, DialogButton{2, "Cancel"}});
  ASSERT_TRUE(chosen.has_value());
  EXPECT_EQ(chosen->id, platform::kIdCancel);
}

TEST(DismissingButton, NoAnswerToAQuestion) {
  // MB_YESNO (6, 7) and MB_ABORTRETRYIGNORE (3, 4, 5): a choice the harness must not make. The
  // decision is on ids: a Yes button labelled "OK" by a translation is still Yes.
  EXPECT_FALSE(platform::dismissing_button({DialogButton{6, "OK"}, DialogButton{7, "No"}}).has_value());
  EXPECT_FALSE(platform::dismissing_button({DialogButton{3, "Abort"}, DialogButton{4, "Retry"}, DialogButton{5, "Ignore"}}).has_value());
  EXPECT_FALSE(platform::dismissing_button({}).has_value());
}

TEST(FixedConsoleKey, EnterIsCarriageReturnWhatGetchReturns) {
  for (const char32_t key : {U'\r', U'\n'}) {
    const auto event = platform::fixed_console_key(key);
    ASSERT_TRUE(event.has_value());
    EXPECT_EQ(event->virtual_key, 0x0D);
    EXPECT_EQ(event->character, u'\r');
  }
}

TEST(FixedConsoleKey, LettersDigitsAndTheLayoutDependentRest) {
  const auto lower = platform::fixed_console_key(U'q');
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(lower->virtual_key, 'Q');
  EXPECT_EQ(lower->character, u'q');
  EXPECT_FALSE(lower->shift);
  const auto upper = platform::fixed_console_key(U'Q');
  ASSERT_TRUE(upper.has_value());
  EXPECT_TRUE(upper->shift);
  EXPECT_EQ(platform::fixed_console_key(U'7')->virtual_key, '7');
  EXPECT_EQ(platform::fixed_console_key(U' ')->virtual_key, 0x20);
  // Punctuation and letters beyond ASCII sit on different keys per layout.
  EXPECT_FALSE(platform::fixed_console_key(U';').has_value());
  EXPECT_FALSE(platform::fixed_console_key(U'é').has_value());
}

TEST(ParseConsoleKey, NamesAndSingleCharacters) {
  EXPECT_EQ(parse_console_key("enter"), U'\r');
  EXPECT_EQ(parse_console_key("space"), U' ');
  EXPECT_EQ(parse_console_key("esc"), U'\x1b');
  EXPECT_EQ(parse_console_key("x"), U'x');
  EXPECT_EQ(parse_console_key("\xC3\xA9"), U'\u00E9');  // é in UTF-8
  EXPECT_FALSE(parse_console_key("").has_value());
  EXPECT_FALSE(parse_console_key("xy").has_value());
  EXPECT_FALSE(parse_console_key("\xF0\x9F\x98\x80").has_value());  // outside the BMP: two UTF-16 units
  EXPECT_FALSE(parse_console_key("\xC3").has_value());              // a cut sequence
  EXPECT_FALSE(parse_console_key("\xC0\xAF").has_value());          // an overlong '/'
  EXPECT_FALSE(parse_console_key("\x01").has_value());
}

TEST(ConsoleKeyCommand, BadInputIsOneLineAndExitTwo) {
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"console-key", "--pid", "4", "--key", "xy"}, std::vector<std::string>{"console-key", "--pid", "0"},
        std::vector<std::string>{"console-key"}}) {
    const auto run = testing::run_harness(arguments);
    ASSERT_TRUE(run.status.has_value());
    EXPECT_EQ(run.status->code, 2) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  }
  const auto help = testing::run_harness({"console-key", "--help"});
  ASSERT_TRUE(help.status.has_value());
  EXPECT_EQ(help.status->code, 0);
  EXPECT_NE(help.out.find("--pid"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace shmh

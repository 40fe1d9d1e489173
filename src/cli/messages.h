// messages: what the command line says, in the user's language (GNU gettext; the
// catalogues are po/*.po, compiled into LOCALE_DIR/LANG/LC_MESSAGES/huizong.mo).
#pragma once
#include <string>

namespace huizong {

// Binds the "huizong" text domain to the locale folder of this build or installation
// (found from the executable: build/locale beside build/src/, or PREFIX/share/locale
// beside PREFIX/bin/) and takes the language from the environment: LANGUAGE, LC_ALL,
// LC_MESSAGES, LANG, as gettext does; English in the C locale. Only LC_MESSAGES is set, so
// numbers and dates stay as they are. Where the locale asked for is not installed on the
// system (LANG=zh_CN.UTF-8 without locale-gen), the language is still followed.
// Messages come out in UTF-8 whatever the locale's charset.
void init_messages();

// A warning kept in the model (in English, so that the model does not depend on who ran
// the parser), in the user's language: matched against the catalogue's warning patterns
// ({} stands for any text); the warning as it is when none matches.
std::string translated_warning(const std::string& warning);

}  // namespace huizong

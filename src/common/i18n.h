// Messages in the user's language (GNU gettext, the catalogue po/zh_CN.po compiled into
// huizong.mo). _("...") marks a message and translates it at run time; N_("...") only
// marks one kept in a table and translated where it is used. A message with values uses
// {} placeholders filled by fmt (tr("... {} ...", value)), so a translation can reorder
// nothing but must keep every {}; tests/i18n_test.py checks the catalogue against src/.
#pragma once
#include <fmt/format.h>
#include <libintl.h>

#include <string>

#define _(msgid) ::gettext(msgid)
#define N_(msgid) msgid

namespace huizong {

// The translation of `msgid` with its {} placeholders filled in.
template <typename... Args>
std::string tr(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(::gettext(msgid)), std::forward<Args>(args)...);
}

}  // namespace huizong

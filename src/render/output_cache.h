// output cache: what a render keeps in OUT_DIR/.huizong/ so that the next one does only
// what changed, and knows what the outputs on disk are (docs/model.md, "Beside the model"):
//   views.json   the key the cached views were computed under (model, lexicons, build),
//                the model's hash, and the stamp of the model file it was read from
//   NAME.cbor    each document's view, and tables.cbor (the workbook's tables), each
//                headed by the key and name it was made for (a file copied over another,
//                or left by a run computing another key, is not used)
//   state.json   for each output, the fingerprint of what it was made from and of its
//                content: written last by a run, it vouches for the files on disk
//   stamps.json  for outputs known to match state.json, their file stamps (inode, size,
//                times): a file with the same stamp is not read again to check it
//   pending.json written just before a run's renames: the content fingerprint of each
//                file being committed, so that what a killed run left is still known as
//                huizong's own (not a hand edit) before its state.json lands
// A damaged or foreign file is treated as missing, never trusted: the next render
// rebuilds it. Nothing here renders or reads templates; files are written through the
// output folder's staging (render/output_dir.h).
#pragma once
#include <filesystem>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "render/output_dir.h"
#include "render/table.h"
#include "render/view.h"
#include "render/view_data.h"

namespace huizong {

class OutputCache {
 public:
  // Reads the bookkeeping of OUT_DIR/.huizong/ (under the folder's lock).
  explicit OutputCache(const OutputDir& dir);
  ~OutputCache();
  OutputCache(const OutputCache&) = delete;
  OutputCache& operator=(const OutputCache&) = delete;

  // The model's fingerprint: the recorded one when `stamp` is the stamp recorded for the
  // model file, else quick_fingerprint(text()) (text() is called only then).
  std::string model_hash(const std::string& stamp, const std::function<std::string_view()>& text) const;

  // Whether the cached views were computed under `key`.
  bool holds_views(const std::string& key) const;
  // A document view as template data from `file` (a cache file, or a view staged this run:
  // stage_view, OutputDir::staged_file), or the workbook's tables; nullopt when missing,
  // damaged, or made for another key or document.
  // `bytes`, if given, is set to the size of the cached view; `names`, if given: the only
  // keys kept (view_data.h view_from_cache_bytes).
  std::optional<kainjow::mustache::data> document_view_in(const std::filesystem::path& file, const std::string& name,
                                                          const std::string& key, std::size_t* bytes = nullptr,
                                                          const ViewNames* names = nullptr) const;
  // The same, its list `list` to be read one element at a time; nullopt also when the view
  // has no such list.
  std::optional<ViewElements> document_elements_in(const std::filesystem::path& file, const std::string& name,
                                                   const std::string& key, const std::string& list,
                                                   std::size_t* bytes = nullptr,
                                                   const ViewNames* names = nullptr) const;
  std::optional<Datasets> tables(const std::string& key) const;

  // Whether output `name` was made from `from` and the file in OUT_DIR is (a regular file,
  // not a link, and) byte for byte what was recorded.
  bool up_to_date(const std::string& name, const std::string& from);

  // Whether output `name` is a regular file in OUT_DIR whose content huizong did not
  // write there: neither what state.json records nor what pending.json lists (a hand edit,
  // or a file that was there before huizong).
  bool edited_by_hand(const std::string& name);

  // Stages the views, each file headed by `key` and its name.
  void stage_views(OutputDir& dir, const ModelViews& views, const std::string& key) const;
  // The same for one document's view, its bytes written by `write` in pieces (view_data.h
  // view_to_cache), and for the tables.
  void stage_view(OutputDir& dir, const std::string& name, const std::string& key,
                  const std::function<void(const OutputDir::Append&)>& write) const;
  void stage_tables(OutputDir& dir, const Datasets& tables, const std::string& key) const;
  // Records output `name` (being staged) as made from `from`, its content's fingerprint
  // being `content_hash` (common/text.h: quick_fingerprint).
  void record(const std::string& name, const std::string& from, const std::string& content_hash);
  // With record(): output `name` (a page) holds in bytes [at, at + size) the body made from
  // `body_from` (the fingerprint of what its Markdown is made from).
  void record_body(const std::string& name, const std::string& body_from, std::size_t at, std::size_t size);
  // The body of the page `name` in OUT_DIR when state.json records one made from
  // `body_from` and the file is byte for byte what was recorded (not edited since); else
  // nullopt.
  std::optional<std::string> body_of(const std::string& name, const std::string& body_from);
  // The bytes of output `name` in OUT_DIR when state.json records them as made from `from`
  // and the file is byte for byte what it records (not edited since); else nullopt.
  std::optional<std::string> as_recorded(const std::string& name, const std::string& from);
  // Stages views.json and state.json when they change: stage them after every other file,
  // so that the state is committed last.
  void stage_state(OutputDir& dir, const std::string& key, const std::string& model_hash,
                   const std::string& model_stamp);

  // Just before the commit: notes in pending.json what this run is about to put in place.
  void note_pending() const;

  // After the commit: records the stamps of the outputs known to match the state, and
  // the stamp of `model_file` when it holds the model `model_hash` (empty path: none).
  // Best effort: a failure only means the next run reads the files to check them.
  void note_committed(const std::filesystem::path& model_file, const std::string& model_hash) noexcept;

 private:
  struct Json;  // the bookkeeping files as read (nlohmann::json, kept out of this header)
  std::filesystem::path out_dir_, state_dir_;
  std::unique_ptr<Json> index_, state_, stamps_, pending_;
  std::set<std::string> matching_;                   // outputs checked or written by this run
  std::map<std::string, std::string> content_seen_;  // output -> quick_fingerprint of the file, when read
  std::map<std::string, std::string> legacy_seen_;   // output -> fingerprint of the file, when read (older states)
  std::map<std::string, std::string> written_;       // output -> fingerprint of what this run writes

  void forget_pending();
  // The hash of output `name`'s file in the form of `like` (common/text.h: a
  // quick_fingerprint, or a fingerprint as earlier versions recorded), the file read once
  // for each form; "" when it cannot be read.
  std::string file_hash(const std::string& name, std::string_view like);
  // Whether the file of output `name` has the stamp recorded for it with `content` (the
  // content fingerprint state.json records): then it holds that content, unread.
  bool stamp_vouches(const std::string& name, const std::string& content) const;
  bool state_changed_ = false;
};

}  // namespace huizong

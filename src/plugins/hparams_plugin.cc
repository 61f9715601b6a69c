// The hparams plugin (spec §7.7), in the order the data flows: Python-compatible text and path
// helpers, reading the hparams summaries out of the store, the experiment (stored, merged or
// derived from the sessions), session groups (build, aggregate, filter, sort, page), and the
// routes with their JSON edges.
//
// TensorBoard's Python code is the reference for every rule here (backend_context.py,
// list_session_groups.py, metrics.py, download_data.py). Where TensorBoard raises an uncaught
// exception (a 500) on bad data or an odd request, tracker answers 400 or skips the bad item, and
// the comment at that place says so.
#include "plugins/hparams_plugin.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logreader/python_random.h"
#include "logreader/run_data.h"
#include "logreader/scalar_series.h"
#include "plugins/json_util.h"
#include "tensorboard/plugins/hparams.pb.h"
#include "tensorboard/summary.pb.h"

namespace tracker::plugins {
namespace {

namespace hp = ::tensorboard::hparams;
using ::google::protobuf::Value;

constexpr std::string_view kPluginName = "hparams";
constexpr std::string_view kExperimentTag = "_hparams_/experiment";
constexpr std::string_view kSessionStartInfoTag = "_hparams_/session_start_info";
constexpr std::string_view kSessionEndInfoTag = "_hparams_/session_end_info";
// The scalars plugin's default query-time downsampling, used by metric_evals (spec §7.2).
constexpr size_t kDefaultScalarsDownsample = 1000;

// ---- Python-compatible text -------------------------------------------------------------------

// Python's repr() of a str (`bytes` false) or of bytes (true): single quotes unless the text has
// a ' and no ", backslash escapes for the quote, backslash, \t \n \r and other control bytes;
// bytes also escape every byte from 0x7f. TensorBoard's messages embed these.
std::string PythonRepr(std::string_view s, bool bytes) {
  const bool has_single = s.find('\'') != std::string_view::npos;
  const bool has_double = s.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out = bytes ? "b" : "";
  out.push_back(quote);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == static_cast<unsigned char>(quote) || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(ch);
    }
  }
  out.push_back(quote);
  return out;
}

void AppendUnicodeEscape(std::string* out, uint32_t unit) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\u%04x", unit);
  *out += buf;
}

// The text between the quotes of Python's json.dumps(s) (ensure_ascii=True): how TensorBoard
// spells a string hparam value inside a derived STRING domain, and how it prints every string.
std::string JsonStringBodyAscii(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            AppendUnicodeEscape(&out, c);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    uint32_t cp = len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b >> 6) == 2;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (!ok) {  // proto3 strings are valid UTF-8; this only keeps the loop total
      cp = 0xfffd;
      len = 1;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      AppendUnicodeEscape(&out, 0xd800 + (cp >> 10));
      AppendUnicodeEscape(&out, 0xdc00 + (cp & 0x3ff));
    } else {
      AppendUnicodeEscape(&out, cp);
    }
    i += len;
  }
  return out;
}

// ---- Run paths (Python's posixpath, which TensorBoard applies to run names) -------------------

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

// posixpath.normpath.
std::string NormPath(std::string_view path) {
  if (path.empty()) return ".";
  size_t initial = 0;
  while (initial < path.size() && path[initial] == '/') ++initial;
  if (initial > 2) initial = 1;  // "/" and "///..." are "/", but "//" stays (POSIX)
  std::vector<std::string_view> comps;
  for (std::string_view comp : SplitPath(path)) {
    if (comp.empty() || comp == ".") continue;
    if (comp != ".." || (initial == 0 && comps.empty()) ||
        (!comps.empty() && comps.back() == "..")) {
      comps.push_back(comp);
    } else if (!comps.empty()) {
      comps.pop_back();
    }
  }
  std::string out(initial, '/');
  for (size_t i = 0; i < comps.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(comps[i]);
  }
  return out.empty() ? "." : out;
}

// posixpath.dirname.
std::string DirName(std::string_view path) {
  const size_t slash = path.rfind('/');
  std::string head(slash == std::string_view::npos ? std::string_view()
                                                   : path.substr(0, slash + 1));
  if (!head.empty() && head.find_first_not_of('/') != std::string::npos) {
    while (!head.empty() && head.back() == '/') head.pop_back();
  }
  return head;
}

// os.path.relpath(path, start) for run names, which are relative paths.
std::string RelPath(std::string_view path, std::string_view start) {
  auto comps = [](std::string_view p) {
    std::vector<std::string> out;
    const std::string norm = NormPath(p);
    if (norm == ".") return out;
    for (std::string_view c : SplitPath(norm)) {
      if (!c.empty()) out.emplace_back(c);
    }
    return out;
  };
  const std::vector<std::string> to = comps(path), from = comps(start);
  size_t common = 0;
  while (common < to.size() && common < from.size() && to[common] == from[common]) ++common;
  std::string out;
  for (size_t i = common; i < from.size(); ++i) out += out.empty() ? ".." : "/..";
  for (size_t i = common; i < to.size(); ++i) {
    if (!out.empty()) out.push_back('/');
    out += to[i];
  }
  return out.empty() ? "." : out;
}

// The run holding a session's metric (TensorBoard's run_tag_from_session_and_metric):
// normpath(os.path.join(session, group)), so an empty group is the session itself.
std::string MetricRun(std::string_view session, std::string_view group) {
  std::string joined;
  if (!group.empty() && group.front() == '/') {
    joined = group;
  } else if (session.empty() || session.back() == '/') {
    joined = std::string(session) + std::string(group);
  } else {
    joined = std::string(session) + "/" + std::string(group);
  }
  return NormPath(joined);
}

// The longest session run that is `run` or one of its ancestors (TensorBoard's
// _find_longest_parent_path). Improvement: TensorBoard never reaches a root session ".", since
// dirname("train") is "", so a session at the logdir root would own only its own scalars; here
// "." is the ancestor of every run.
std::optional<std::string> FindSessionOf(const std::set<std::string, std::less<>>& sessions,
                                         const std::string& run) {
  std::string path = run;
  while (sessions.count(path) == 0) {
    if (path.empty()) break;
    std::string parent = DirName(path);
    if (parent == path) break;  // "/" (TensorBoard would loop forever)
    path = std::move(parent);
  }
  if (sessions.count(path) != 0) return path;
  if (sessions.count(".") != 0) return std::string(".");
  return std::nullopt;
}

// ---- Reading the store ------------------------------------------------------------------------

bool IsHParamsTag(const TagData& tag) {
  return tag.has_metadata && tag.plugin_name() == kPluginName &&
         tag.metadata.data_class() == tensorboard::DATA_CLASS_TENSOR;
}

bool IsScalarTag(const TagData& tag) {
  return tag.is_scalar() && tag.metadata.data_class() == tensorboard::DATA_CLASS_SCALAR;
}

// The hparams summaries of one run: the metadata content of the three tags that carry them
// (the values themselves are empty or absent; only the first metadata matters).
struct HParamsRun {
  std::string run;
  std::optional<std::string> experiment;
  std::optional<std::string> session_start;
  std::optional<std::string> session_end;
};

// Every run with an hparams tag, in the store's run order.
std::vector<HParamsRun> ReadHParamsRuns(const Multiplexer* store) {
  std::vector<HParamsRun> out;
  if (store == nullptr) return out;
  for (const auto& run : store->Runs()) {
    HParamsRun entry;
    entry.run = run->name();
    run->Read([&](const RunData& data) {
      auto content = [&](std::string_view tag) -> std::optional<std::string> {
        const TagData* t = data.FindTag(tag);
        if (t == nullptr || !IsHParamsTag(*t)) return std::nullopt;
        return t->metadata.plugin_data().content();
      };
      entry.experiment = content(kExperimentTag);
      entry.session_start = content(kSessionStartInfoTag);
      entry.session_end = content(kSessionEndInfoTag);
    });
    if (entry.experiment || entry.session_start || entry.session_end) {
      out.push_back(std::move(entry));
    }
  }
  return out;
}

// Scalar tag names of every run, in run order.
std::vector<std::pair<std::string, std::vector<std::string>>> ReadScalarTags(
    const Multiplexer* store) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  if (store == nullptr) return out;
  for (const auto& run : store->Runs()) {
    std::vector<std::string> tags = run->Read([](const RunData& data) {
      std::vector<std::string> names;
      for (const auto& [name, tag] : data.tags()) {
        if (IsScalarTag(*tag)) names.push_back(name);
      }
      return names;
    });
    if (!tags.empty()) out.emplace_back(run->name(), std::move(tags));
  }
  return out;
}

std::optional<ScalarPoint> LastScalar(const Multiplexer* store, const std::string& run,
                                      const std::string& tag) {
  if (store == nullptr) return std::nullopt;
  const auto found = store->FindRun(run);
  if (found == nullptr) return std::nullopt;
  return found->Read([&](const RunData& data) -> std::optional<ScalarPoint> {
    const TagData* t = data.FindTag(tag);
    if (t == nullptr || !IsScalarTag(*t)) return std::nullopt;
    return t->scalars->Last();
  });
}

// ---- Parsing the summaries --------------------------------------------------------------------

// TensorBoard's metadata._parse_plugin_data_as: version 0 and the expected oneof, else a 400
// with TensorBoard's message. (Undecodable bytes are a 500 there; a 400 here.)
StatusOr<hp::HParamsPluginData> ParsePluginData(const std::string& content,
                                                hp::HParamsPluginData::DataCase expected,
                                                std::string_view field, const std::string& run) {
  hp::HParamsPluginData data;
  if (!data.ParseFromString(content)) {
    return InvalidArgumentError("Could not parse the hparams plugin data of run " +
                                PythonRepr(run, false) + " (plugin_data." + std::string(field) +
                                ")");
  }
  if (data.version() != 0) {
    return InvalidArgumentError("Only supports plugin_data version: 0; found: " +
                                std::to_string(data.version()) + " in: " + data.ShortDebugString());
  }
  if (data.data_case() != expected) {
    return InvalidArgumentError("Expected plugin_data." + std::string(field) +
                                " to be set. Got: " + data.ShortDebugString());
  }
  return data;
}

StatusOr<hp::Experiment> ParseExperiment(const HParamsRun& run) {
  ASSIGN_OR_RETURN(
      hp::HParamsPluginData data,
      ParsePluginData(*run.experiment, hp::HParamsPluginData::kExperiment, "experiment", run.run));
  return std::move(*data.mutable_experiment());
}

// One session: a run with a session start summary, and its end if written.
struct SessionRecord {
  std::string run;
  hp::SessionStartInfo start;
  std::optional<hp::SessionEndInfo> end;
};

StatusOr<std::vector<SessionRecord>> ParseSessions(const std::vector<HParamsRun>& runs) {
  std::vector<SessionRecord> sessions;
  for (const HParamsRun& run : runs) {
    if (!run.session_start) continue;
    SessionRecord record;
    record.run = run.run;
    ASSIGN_OR_RETURN(hp::HParamsPluginData start,
                     ParsePluginData(*run.session_start, hp::HParamsPluginData::kSessionStartInfo,
                                     "session_start_info", run.run));
    record.start = std::move(*start.mutable_session_start_info());
    if (run.session_end) {
      ASSIGN_OR_RETURN(hp::HParamsPluginData end,
                       ParsePluginData(*run.session_end, hp::HParamsPluginData::kSessionEndInfo,
                                       "session_end_info", run.run));
      record.end = std::move(*end.mutable_session_end_info());
    }
    sessions.push_back(std::move(record));
  }
  return sessions;
}

// Every session's value of each hparam, by name, in session order. Sessions whose start summary
// does not parse are skipped: this only refines merged experiment configs.
std::map<std::string, std::vector<Value>> SessionHParamValues(const std::vector<HParamsRun>& runs) {
  std::map<std::string, std::vector<Value>> values;
  for (const HParamsRun& run : runs) {
    if (!run.session_start) continue;
    auto start = ParsePluginData(*run.session_start, hp::HParamsPluginData::kSessionStartInfo,
                                 "session_start_info", run.run);
    if (!start.ok()) continue;
    for (const auto& [name, value] : start->session_start_info().hparams()) {
      values[name].push_back(value);
    }
  }
  return values;
}

// ---- google.protobuf.Value as TensorBoard sees it ---------------------------------------------

// TensorBoard's _protobuf_value_type.
hp::DataType ValueType(const Value& v) {
  switch (v.kind_case()) {
    case Value::kNumberValue:
      return hp::DATA_TYPE_FLOAT64;
    case Value::kStringValue:
      return hp::DATA_TYPE_STRING;
    case Value::kBoolValue:
      return hp::DATA_TYPE_BOOL;
    default:
      return hp::DATA_TYPE_UNSET;
  }
}

// json_format_compat.is_serializable_value: Python's json_format refuses NaN and infinities in
// a Value.
bool IsSerializable(const Value& v) {
  return v.kind_case() != Value::kNumberValue || std::isfinite(v.number_value());
}

// TensorBoard's _protobuf_value_to_string: the value's JSON, strings without their quotes.
std::string ValueToString(const Value& v) {
  switch (v.kind_case()) {
    case Value::kNumberValue:
      return PythonFloat(v.number_value());
    case Value::kBoolValue:
      return v.bool_value() ? "true" : "false";
    case Value::kStringValue:
      return JsonStringBodyAscii(v.string_value());
    default:
      return "";
  }
}

// A key under which equal values (by kind and content) are equal, for de-duplicating domains.
std::string ValueKey(const Value& v) {
  switch (v.kind_case()) {
    case Value::kNumberValue: {
      const double x = v.number_value();
      return "n" + PythonFloat(x == 0 ? 0.0 : x);
    }
    case Value::kStringValue:
      return "s" + v.string_value();
    case Value::kBoolValue:
      return v.bool_value() ? "b1" : "b0";
    case Value::kNullValue:
      return "z";
    default:
      return "x" + v.SerializeAsString();
  }
}

Value StringValue(std::string s) {
  Value v;
  v.set_string_value(std::move(s));
  return v;
}
Value BoolValue(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}

// ---- The experiment ---------------------------------------------------------------------------

// An HParamInfo derived from the values sessions gave an hparam (TensorBoard's
// _compute_hparam_info_from_values), or nullopt when no value has a usable type. Values of
// other kinds take no part (TensorBoard counts them as false / 0.0 in bool and number domains).
std::optional<hp::HParamInfo> DeriveHParamInfo(const std::string& name,
                                               const std::vector<Value>& values) {
  hp::DataType type = hp::DATA_TYPE_UNSET;
  for (const Value& v : values) {
    const hp::DataType t = ValueType(v);
    if (t == hp::DATA_TYPE_UNSET) continue;
    if (type == hp::DATA_TYPE_UNSET) {
      type = t;
    } else if (type != t) {
      type = hp::DATA_TYPE_STRING;
    }
    if (type == hp::DATA_TYPE_STRING) break;
  }
  if (type == hp::DATA_TYPE_UNSET) return std::nullopt;

  hp::HParamInfo info;
  info.set_name(name);
  info.set_type(type);
  if (type == hp::DATA_TYPE_STRING) {
    std::set<std::string> distinct;  // TensorBoard's is a Python set: the order means nothing
    for (const Value& v : values) {
      if (ValueType(v) != hp::DATA_TYPE_UNSET && IsSerializable(v))
        distinct.insert(ValueToString(v));
    }
    for (const std::string& s : distinct) {
      *info.mutable_domain_discrete()->add_values() = StringValue(s);
    }
    info.set_differs(distinct.size() > 1);
  } else if (type == hp::DATA_TYPE_BOOL) {
    std::set<bool> distinct;
    for (const Value& v : values) {
      if (v.kind_case() == Value::kBoolValue) distinct.insert(v.bool_value());
    }
    for (const bool b : distinct) *info.mutable_domain_discrete()->add_values() = BoolValue(b);
    info.set_differs(distinct.size() > 1);
  } else {
    std::set<double> distinct;  // NaN has no place in an interval
    for (const Value& v : values) {
      if (v.kind_case() == Value::kNumberValue && !std::isnan(v.number_value())) {
        distinct.insert(v.number_value() == 0 ? 0.0 : v.number_value());
      }
    }
    if (!distinct.empty()) {
      info.mutable_domain_interval()->set_min_value(*distinct.begin());
      info.mutable_domain_interval()->set_max_value(*distinct.rbegin());
      info.set_differs(distinct.size() > 1);
    }
  }
  return info;
}

// Merges the HParamInfos several experiment configs give one hparam (tracker's improvement on
// TensorBoard's "first config wins"): texts from the first config that has them; the same type
// and domain kind unite (discrete: union of values; interval: min of mins, max of maxes); a
// conflict of types or domain kinds (one with a domain, one without included) falls back to the
// domain derived from the sessions' values. `differs` is true if any config says so or the
// sessions' values differ.
hp::HParamInfo MergeHParamInfos(const std::vector<const hp::HParamInfo*>& infos,
                                const std::vector<Value>& session_values) {
  hp::HParamInfo out = *infos.front();
  bool type_conflict = false, domain_conflict = false;
  bool differs = out.differs();
  for (size_t i = 1; i < infos.size(); ++i) {
    const hp::HParamInfo& next = *infos[i];
    if (out.display_name().empty()) out.set_display_name(next.display_name());
    if (out.description().empty()) out.set_description(next.description());
    differs = differs || next.differs();
    if (next.type() != out.type()) type_conflict = true;
    if (next.domain_case() != out.domain_case()) domain_conflict = true;
    if (type_conflict || domain_conflict) continue;
    if (out.domain_case() == hp::HParamInfo::kDomainDiscrete) {
      std::set<std::string> seen;
      for (const Value& v : out.domain_discrete().values()) seen.insert(ValueKey(v));
      for (const Value& v : next.domain_discrete().values()) {
        if (seen.insert(ValueKey(v)).second) *out.mutable_domain_discrete()->add_values() = v;
      }
    } else if (out.domain_case() == hp::HParamInfo::kDomainInterval) {
      hp::Interval* interval = out.mutable_domain_interval();
      interval->set_min_value(std::min(interval->min_value(), next.domain_interval().min_value()));
      interval->set_max_value(std::max(interval->max_value(), next.domain_interval().max_value()));
    }
  }
  const std::optional<hp::HParamInfo> derived = DeriveHParamInfo(out.name(), session_values);
  if (type_conflict || domain_conflict) {
    out.clear_domain();
    if (derived) {
      out.set_type(derived->type());
      if (derived->has_domain_discrete()) {
        *out.mutable_domain_discrete() = derived->domain_discrete();
      } else if (derived->has_domain_interval()) {
        *out.mutable_domain_interval() = derived->domain_interval();
      }
    } else if (type_conflict) {
      out.set_type(hp::DATA_TYPE_UNSET);
    }
  }
  out.set_differs(differs || (derived && derived->differs()));
  return out;
}

// Several experiment configs as one: scalar fields from the first config that sets them (the
// earliest creation time), hparams united by name and metrics by (group, tag), in first-seen
// order.
hp::Experiment MergeExperiments(const std::vector<hp::Experiment>& configs,
                                const std::map<std::string, std::vector<Value>>& session_values) {
  hp::Experiment merged;
  std::vector<std::string> names;
  std::map<std::string, std::vector<const hp::HParamInfo*>> by_name;
  std::set<std::pair<std::string, std::string>> metrics;
  for (const hp::Experiment& config : configs) {
    if (merged.name().empty()) merged.set_name(config.name());
    if (merged.description().empty()) merged.set_description(config.description());
    if (merged.user().empty()) merged.set_user(config.user());
    if (config.time_created_secs() != 0 &&
        (merged.time_created_secs() == 0 ||
         config.time_created_secs() < merged.time_created_secs())) {
      merged.set_time_created_secs(config.time_created_secs());
    }
    for (const hp::HParamInfo& info : config.hparam_infos()) {
      auto& infos = by_name[info.name()];
      if (infos.empty()) names.push_back(info.name());
      infos.push_back(&info);
    }
    for (const hp::MetricInfo& metric : config.metric_infos()) {
      if (metrics.emplace(metric.name().group(), metric.name().tag()).second) {
        *merged.add_metric_infos() = metric;
      }
    }
  }
  static const std::vector<Value> kNoValues;
  for (const std::string& name : names) {
    const auto it = session_values.find(name);
    *merged.add_hparam_infos() =
        MergeHParamInfos(by_name[name], it == session_values.end() ? kNoValues : it->second);
  }
  return merged;
}

// Metric names derived from the scalar tags of the session runs and the runs below them
// (TensorBoard's _compute_metric_names): group = the run's path relative to its session, ""
// for the session itself; sorted by (tag, group).
std::vector<hp::MetricInfo> DeriveMetricInfos(const Multiplexer* store,
                                              const std::vector<SessionRecord>& sessions) {
  std::set<std::string, std::less<>> session_runs;
  for (const SessionRecord& s : sessions) session_runs.insert(s.run);
  std::set<std::pair<std::string, std::string>> names;  // (tag, group)
  for (const auto& [run, tags] : ReadScalarTags(store)) {
    const std::optional<std::string> session = FindSessionOf(session_runs, run);
    if (!session) continue;
    std::string group = RelPath(run, *session);
    if (group == "." && (run.empty() || run.back() != '.')) group.clear();
    for (const std::string& tag : tags) names.emplace(tag, group);
  }
  std::vector<hp::MetricInfo> out;
  for (const auto& [tag, group] : names) {
    hp::MetricInfo info;
    info.mutable_name()->set_group(group);
    info.mutable_name()->set_tag(tag);
    out.push_back(std::move(info));
  }
  return out;
}

// The experiment (spec §7.7 `experiment` steps 1-3, before sorting): the stored config (the
// merge of all of them when there are several), else one derived from the sessions, else empty.
// Configs that do not parse are skipped when another one does; if none does, the first error
// is the answer, as TensorBoard's would be.
StatusOr<hp::Experiment> ComputeExperiment(const Multiplexer* store,
                                           const std::vector<HParamsRun>& runs,
                                           bool include_metrics) {
  std::vector<hp::Experiment> configs;
  std::optional<Status> first_error;
  for (const HParamsRun& run : runs) {
    if (!run.experiment) continue;
    auto parsed = ParseExperiment(run);
    if (parsed.ok()) {
      configs.push_back(std::move(parsed).value());
    } else if (!first_error) {
      first_error = parsed.status();
    }
  }
  if (configs.empty() && first_error) return *first_error;

  hp::Experiment experiment;
  if (configs.size() == 1) {
    experiment = std::move(configs.front());
  } else if (!configs.empty()) {
    experiment = MergeExperiments(configs, SessionHParamValues(runs));
  } else {
    ASSIGN_OR_RETURN(std::vector<SessionRecord> sessions, ParseSessions(runs));
    std::map<std::string, std::vector<Value>> values;
    std::vector<std::string> order;  // TensorBoard's defaultdict keeps first-seen order
    for (const SessionRecord& s : sessions) {
      // Map iteration order is unspecified; sort the names so the derivation is reproducible.
      std::vector<std::string> names;
      for (const auto& [name, value] : s.start.hparams()) names.push_back(name);
      std::sort(names.begin(), names.end());
      for (const std::string& name : names) {
        auto& list = values[name];
        if (list.empty()) order.push_back(name);
        list.push_back(s.start.hparams().at(name));
      }
    }
    for (const std::string& name : order) {
      if (auto info = DeriveHParamInfo(name, values[name])) {
        *experiment.add_hparam_infos() = std::move(*info);
      }
    }
    if (experiment.hparam_infos_size() > 0 && include_metrics) {
      for (hp::MetricInfo& info : DeriveMetricInfos(store, sessions)) {
        *experiment.add_metric_infos() = std::move(info);
      }
    }
  }
  if (!include_metrics) experiment.clear_metric_infos();
  return experiment;
}

// TensorBoard's _sort_and_reduce_to_hparams_limit: differing hparams first, then by name, cut
// to `limit` (0: all; negative: Python's slice [:limit], which drops from the end).
void SortAndLimitHParams(hp::Experiment* experiment, int32_t limit) {
  std::vector<hp::HParamInfo> infos(experiment->hparam_infos().begin(),
                                    experiment->hparam_infos().end());
  std::stable_sort(infos.begin(), infos.end(),
                   [](const hp::HParamInfo& a, const hp::HParamInfo& b) {
                     if (a.differs() != b.differs()) return a.differs();
                     return a.name() < b.name();
                   });
  const auto n = static_cast<int64_t>(infos.size());
  int64_t keep = n;
  if (limit > 0) keep = std::min<int64_t>(n, limit);
  if (limit < 0) keep = std::max<int64_t>(0, n + limit);
  infos.resize(static_cast<size_t>(keep));
  experiment->clear_hparam_infos();
  for (hp::HParamInfo& info : infos) *experiment->add_hparam_infos() = std::move(info);
}

// ---- Session groups ---------------------------------------------------------------------------

// A column value as TensorBoard's extractors return it: a Python float, bool or str. Bools are
// Python ints, so they compare and filter as 0 and 1.
struct ColumnValue {
  enum class Kind { kNumber, kBool, kString };
  Kind kind = Kind::kNumber;
  double number = 0;
  std::string text;
};

std::optional<ColumnValue> FromValue(const Value& v) {
  switch (v.kind_case()) {
    case Value::kNumberValue:
      return ColumnValue{ColumnValue::Kind::kNumber, v.number_value(), {}};
    case Value::kBoolValue:
      return ColumnValue{ColumnValue::Kind::kBool, v.bool_value() ? 1.0 : 0.0, {}};
    case Value::kStringValue:
      return ColumnValue{ColumnValue::Kind::kString, 0, v.string_value()};
    default:
      return std::nullopt;  // TensorBoard raises (a 500); treated as missing here
  }
}

std::string PythonTypeName(const ColumnValue& v) {
  switch (v.kind) {
    case ColumnValue::Kind::kNumber:
      return "<class 'float'>";
    case ColumnValue::Kind::kBool:
      return "<class 'bool'>";
    case ColumnValue::Kind::kString:
      return "<class 'str'>";
  }
  return "";
}

// Python's str() of the value.
std::string PythonStr(const ColumnValue& v) {
  switch (v.kind) {
    case ColumnValue::Kind::kNumber:
      return PythonFloat(v.number);
    case ColumnValue::Kind::kBool:
      return v.number != 0 ? "True" : "False";
    case ColumnValue::Kind::kString:
      return v.text;
  }
  return "";
}

// Python's `<` on two column values, made a strict weak order where Python's is not: NaN above
// every number, and every number below every string (Python raises a TypeError there).
bool ColumnLess(const ColumnValue& a, const ColumnValue& b) {
  const bool a_str = a.kind == ColumnValue::Kind::kString;
  const bool b_str = b.kind == ColumnValue::Kind::kString;
  if (a_str != b_str) return b_str;
  if (a_str) return a.text < b.text;
  const bool a_nan = std::isnan(a.number), b_nan = std::isnan(b.number);
  if (a_nan || b_nan) return !a_nan && b_nan;
  return a.number < b.number;
}

// Python's `a == b` of a column value and a filter's Value.
bool ColumnEquals(const ColumnValue& a, const Value& b) {
  if (a.kind == ColumnValue::Kind::kString) {
    return b.kind_case() == Value::kStringValue && b.string_value() == a.text;
  }
  if (b.kind_case() == Value::kNumberValue) return a.number == b.number_value();
  if (b.kind_case() == Value::kBoolValue) return a.number == (b.bool_value() ? 1.0 : 0.0);
  return false;
}

bool SameMetric(const hp::MetricName& a, const hp::MetricName& b) {
  return a.group() == b.group() && a.tag() == b.tag();
}

const hp::MetricValue* FindMetricValue(
    const google::protobuf::RepeatedPtrField<hp::MetricValue>& values, const hp::MetricName& name) {
  for (const hp::MetricValue& v : values) {
    if (SameMetric(v.name(), name)) return &v;
  }
  return nullptr;
}

// One colParam, checked and compiled before any data is read, as TensorBoard builds its
// extractors and filters in its handler's constructor.
struct Column {
  const hp::ColParams* params;
  std::optional<std::regex> regexp;

  std::optional<ColumnValue> Extract(const hp::SessionGroup& group) const {
    if (params->has_metric()) {
      const hp::MetricValue* v = FindMetricValue(group.metric_values(), params->metric());
      if (v == nullptr) return std::nullopt;
      return ColumnValue{ColumnValue::Kind::kNumber, v->value(), {}};
    }
    const auto it = group.hparams().find(params->hparam());
    if (it == group.hparams().end()) return std::nullopt;
    return FromValue(it->second);
  }

  bool HasFilter() const {
    return params->filter_case() != hp::ColParams::FILTER_NOT_SET ||
           params->exclude_missing_values();
  }

  // Whether a group passes this column's filter (TensorBoard's _create_filter).
  StatusOr<bool> Passes(const hp::SessionGroup& group) const {
    const std::optional<ColumnValue> value = Extract(group);
    if (!value) return !params->exclude_missing_values();
    switch (params->filter_case()) {
      case hp::ColParams::kFilterRegexp: {
        if (value->kind != ColumnValue::Kind::kString) {
          return InvalidArgumentError("Cannot use a regexp filter for a value of type " +
                                      PythonTypeName(*value) + ". Value: " + PythonStr(*value));
        }
        try {
          return std::regex_search(value->text, *regexp);
        } catch (const std::regex_error& e) {
          return InvalidArgumentError("Error matching regexp: " + params->filter_regexp() +
                                      ". Error: " + e.what());
        }
      }
      case hp::ColParams::kFilterInterval: {
        if (value->kind == ColumnValue::Kind::kString) {
          return InvalidArgumentError("Cannot use an interval filter for a value of type: " +
                                      PythonTypeName(*value) + ", Value: " + PythonStr(*value));
        }
        const hp::Interval& interval = params->filter_interval();
        return interval.min_value() <= value->number && value->number <= interval.max_value();
      }
      case hp::ColParams::kFilterDiscrete: {
        for (const Value& v : params->filter_discrete().values()) {
          if (ColumnEquals(*value, v)) return true;
        }
        return false;
      }
      default:
        return true;  // only exclude_missing_values
    }
  }
};

StatusOr<std::vector<Column>> MakeColumns(const hp::ListSessionGroupsRequest& request) {
  std::vector<Column> columns;
  for (const hp::ColParams& params : request.col_params()) {
    Column column{&params, std::nullopt};
    if (params.name_case() == hp::ColParams::NAME_NOT_SET) {
      return InvalidArgumentError(
          "Got ColParam with both \"metric\" and \"hparam\" fields unset: " +
          params.ShortDebugString());
    }
    if (params.has_filter_regexp()) {
      // ECMAScript syntax is close to Python's re for the patterns people type in a filter box.
      // (A bad pattern is a 500 in TensorBoard.)
      try {
        column.regexp.emplace(params.filter_regexp(), std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return InvalidArgumentError("Error parsing regexp: " + params.filter_regexp() +
                                    ". Error: " + e.what());
      }
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

int32_t ClampToInt32(int64_t v) {
  return static_cast<int32_t>(std::clamp<int64_t>(v, std::numeric_limits<int32_t>::min(),
                                                  std::numeric_limits<int32_t>::max()));
}

// A session as TensorBoard's _build_session makes it, with the last value of each experiment
// metric that the session has.
hp::Session BuildSession(const Multiplexer* store, const SessionRecord& record,
                         const hp::Experiment& experiment) {
  hp::Session session;
  session.set_name(record.run);
  session.set_start_time_secs(record.start.start_time_secs());
  session.set_model_uri(record.start.model_uri());
  session.set_monitor_url(record.start.monitor_url());
  if (record.end) {
    session.set_status(record.end->status());
    session.set_end_time_secs(record.end->end_time_secs());
  }
  for (const hp::MetricInfo& metric : experiment.metric_infos()) {
    const std::optional<ScalarPoint> last =
        LastScalar(store, MetricRun(record.run, metric.name().group()), metric.name().tag());
    if (!last) continue;  // a session without this metric: missing for filters and sorting
    hp::MetricValue* value = session.add_metric_values();
    *value->mutable_name() = metric.name();
    value->set_value(last->value);
    value->set_training_step(ClampToInt32(last->step));
    value->set_wall_time_secs(last->wall_time);
  }
  return session;
}

// AGGREGATION_AVG: per metric (in first-seen order over the sessions), the mean value, the
// floored mean step and the mean wall time over the sessions that have it.
void SetAverageMetrics(hp::SessionGroup* group) {
  struct Stats {
    hp::MetricName name;
    double total = 0;
    int64_t count = 0;
    int64_t total_step = 0;
    double total_wall_time = 0;
  };
  std::vector<Stats> stats;
  for (const hp::Session& session : group->sessions()) {
    for (const hp::MetricValue& v : session.metric_values()) {
      auto it = std::find_if(stats.begin(), stats.end(),
                             [&](const Stats& s) { return SameMetric(s.name, v.name()); });
      if (it == stats.end()) {
        stats.push_back(Stats{v.name()});
        it = std::prev(stats.end());
      }
      it->total += v.value();
      it->count += 1;
      it->total_step += v.training_step();
      it->total_wall_time += v.wall_time_secs();
    }
  }
  group->clear_metric_values();
  for (const Stats& s : stats) {
    hp::MetricValue* v = group->add_metric_values();
    *v->mutable_name() = s.name;
    v->set_value(s.total / static_cast<double>(s.count));
    // Python's // floors.
    int64_t step = s.total_step / s.count;
    if ((s.total_step % s.count != 0) && ((s.total_step < 0) != (s.count < 0))) --step;
    v->set_training_step(ClampToInt32(step));
    v->set_wall_time_secs(s.total_wall_time / static_cast<double>(s.count));
  }
}

// AGGREGATION_MEDIAN / MIN / MAX: the metrics of the session whose `metric` is the lower
// median / the first minimum / the first maximum. A group where no session has the metric gets
// no metric values (TensorBoard raises, a 500).
void SetSelectedSessionMetrics(hp::SessionGroup* group, hp::AggregationType type,
                               const hp::MetricName& metric) {
  struct Measurement {
    double value;
    int session;
  };
  std::vector<Measurement> measurements;
  for (int i = 0; i < group->sessions_size(); ++i) {
    if (const hp::MetricValue* v = FindMetricValue(group->sessions(i).metric_values(), metric)) {
      measurements.push_back({v->value(), i});
    }
  }
  group->clear_metric_values();
  if (measurements.empty()) return;
  int selected = measurements.front().session;
  if (type == hp::AGGREGATION_MEDIAN) {
    std::stable_sort(measurements.begin(), measurements.end(),
                     [](const Measurement& a, const Measurement& b) {
                       const bool a_nan = std::isnan(a.value), b_nan = std::isnan(b.value);
                       if (a_nan || b_nan) return !a_nan && b_nan;
                       return a.value < b.value;
                     });
    selected = measurements[(measurements.size() - 1) / 2].session;
  } else {
    // Python's min()/max() keep the first extremum and compare with < / > (NaN never wins).
    double best = measurements.front().value;
    for (const Measurement& m : measurements) {
      if (type == hp::AGGREGATION_MIN ? m.value < best : m.value > best) {
        best = m.value;
        selected = m.session;
      }
    }
  }
  *group->mutable_metric_values() = group->sessions(selected).metric_values();
}

// Python's slice [start : start + size] of n items, negative indices included.
std::pair<size_t, size_t> PythonSlice(size_t n, int64_t start, int64_t stop) {
  const auto size = static_cast<int64_t>(n);
  auto clamp = [size](int64_t i) {
    if (i < 0) i += size;
    return std::clamp<int64_t>(i, 0, size);
  };
  const int64_t begin = clamp(start), end = clamp(stop);
  return {static_cast<size_t>(begin), static_cast<size_t>(std::max(begin, end))};
}

// The session_groups answer (spec §7.7 `session_groups` steps 1-8).
StatusOr<hp::ListSessionGroupsResponse> ListSessionGroups(
    const Multiplexer* store, const hp::ListSessionGroupsRequest& request) {
  ASSIGN_OR_RETURN(std::vector<Column> columns, MakeColumns(request));
  const std::vector<HParamsRun> runs = ReadHParamsRuns(store);
  const bool include_metrics = !request.has_include_metrics() || request.include_metrics();
  ASSIGN_OR_RETURN(hp::Experiment experiment, ComputeExperiment(store, runs, include_metrics));
  ASSIGN_OR_RETURN(std::vector<SessionRecord> sessions, ParseSessions(runs));

  // Sessions with an allowed status, grouped by group name (the run name when empty); a group
  // takes its hparams and monitor URL from its first session.
  std::vector<hp::SessionGroup> groups;
  std::map<std::string, size_t> group_index;
  for (const SessionRecord& record : sessions) {
    hp::Session session = BuildSession(store, record, experiment);
    const auto& allowed = request.allowed_statuses();
    if (std::find(allowed.begin(), allowed.end(), session.status()) == allowed.end()) continue;
    const std::string& group_name =
        record.start.group_name().empty() ? record.run : record.start.group_name();
    auto [it, inserted] = group_index.emplace(group_name, groups.size());
    if (inserted) {
      hp::SessionGroup& group = groups.emplace_back();
      group.set_name(group_name);
      group.set_monitor_url(record.start.monitor_url());
      for (const auto& [name, value] : record.start.hparams()) {
        // Python's json_format cannot print NaN or infinities in a Value (a 500); skip them.
        if (IsSerializable(value)) (*group.mutable_hparams())[name] = value;
      }
    }
    *groups[it->second].add_sessions() = std::move(session);
  }

  for (hp::SessionGroup& group : groups) {
    std::stable_sort(
        group.mutable_sessions()->begin(), group.mutable_sessions()->end(),
        [](const hp::Session& a, const hp::Session& b) { return a.name() < b.name(); });
    switch (request.aggregation_type()) {
      case hp::AGGREGATION_UNSET:
      case hp::AGGREGATION_AVG:
        SetAverageMetrics(&group);
        break;
      case hp::AGGREGATION_MEDIAN:
      case hp::AGGREGATION_MIN:
      case hp::AGGREGATION_MAX:
        SetSelectedSessionMetrics(&group, request.aggregation_type(), request.aggregation_metric());
        break;
      default:
        return InvalidArgumentError("Unknown aggregation_type in request: " +
                                    std::to_string(static_cast<int>(request.aggregation_type())));
    }
  }

  // Filters, group by group in colParam order (so a type error shows where TensorBoard's would).
  std::vector<hp::SessionGroup> kept;
  for (hp::SessionGroup& group : groups) {
    bool passes = true;
    for (const Column& column : columns) {
      if (!column.HasFilter()) continue;
      ASSIGN_OR_RETURN(passes, column.Passes(group));
      if (!passes) break;
    }
    if (passes) kept.push_back(std::move(group));
  }

  // Sort by name, then stably by each ordered column from the last to the first, so the first
  // is the primary key. Python sorts DESC with reverse=True, which keeps ties in order: a
  // stable sort with the reversed comparison.
  std::stable_sort(
      kept.begin(), kept.end(),
      [](const hp::SessionGroup& a, const hp::SessionGroup& b) { return a.name() < b.name(); });
  for (auto column = columns.rbegin(); column != columns.rend(); ++column) {
    const hp::SortOrder order = column->params->order();
    if (order == hp::ORDER_UNSPECIFIED) continue;
    if (order != hp::ORDER_ASC && order != hp::ORDER_DESC) {
      return InvalidArgumentError("Unknown col_param.order given: " +
                                  column->params->ShortDebugString());
    }
    // TensorBoard's key (value is None, value) or (value is not None, value).
    const bool missing_is_largest = order == hp::ORDER_ASC ? !column->params->missing_values_first()
                                                           : column->params->missing_values_first();
    std::vector<std::pair<std::optional<ColumnValue>, size_t>> keys;
    for (size_t i = 0; i < kept.size(); ++i) keys.emplace_back(column->Extract(kept[i]), i);
    auto less = [missing_is_largest](const std::optional<ColumnValue>& a,
                                     const std::optional<ColumnValue>& b) {
      const bool a_flag = missing_is_largest ? !a.has_value() : a.has_value();
      const bool b_flag = missing_is_largest ? !b.has_value() : b.has_value();
      if (a_flag != b_flag) return b_flag;
      if (!a || !b) return false;
      return ColumnLess(*a, *b);
    };
    std::stable_sort(keys.begin(), keys.end(), [&](const auto& x, const auto& y) {
      return order == hp::ORDER_ASC ? less(x.first, y.first) : less(y.first, x.first);
    });
    std::vector<hp::SessionGroup> sorted;
    sorted.reserve(kept.size());
    for (const auto& key : keys) sorted.push_back(std::move(kept[key.second]));
    kept = std::move(sorted);
  }

  hp::ListSessionGroupsResponse response;
  response.set_total_size(static_cast<int32_t>(kept.size()));
  const int64_t start = request.start_index();
  const auto [begin, end] =
      PythonSlice(kept.size(), start, start + static_cast<int64_t>(request.slice_size()));

  // includeInResult: once any colParam sets it, only the hparams of colParams that do not set it
  // to false stay in the groups.
  bool restrict_hparams = false;
  std::set<std::string> shown_hparams;
  for (const hp::ColParams& params : request.col_params()) {
    if (params.has_include_in_result()) restrict_hparams = true;
    if (params.has_hparam() && (!params.has_include_in_result() || params.include_in_result())) {
      shown_hparams.insert(params.hparam());
    }
  }
  for (size_t i = begin; i < end; ++i) {
    hp::SessionGroup* group = response.add_session_groups();
    *group = std::move(kept[i]);
    if (!restrict_hparams) continue;
    auto* hparams = group->mutable_hparams();
    for (auto it = hparams->begin(); it != hparams->end();) {
      it = shown_hparams.count(it->first) != 0 ? std::next(it) : hparams->erase(it);
    }
  }
  return response;
}

// ---- Requests and responses -------------------------------------------------------------------

// TensorBoard's _parse_request_argument: the request proto from a POST body (a form's body reads
// as empty, as in werkzeug) or from GET ?request=, parsed strictly; anything else is a 400 with
// TensorBoard's message.
template <typename Proto>
StatusOr<Proto> ParseRequest(const Request& request, std::string_view type_name) {
  std::optional<std::string> text;
  std::string shown;
  if (request.method == "POST") {
    const bool form = request.content_type == "application/x-www-form-urlencoded" ||
                      request.content_type == "multipart/form-data";
    text = form ? std::string() : request.body;
    shown = PythonRepr(*text, /*bytes=*/true);
  } else {
    text = request.Param("request");
    shown = text ? *text : "None";
  }
  Proto proto;
  bool ok = false;
  if (text) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    try {
      ok = google::protobuf::util::JsonStringToMessage(*text, &proto, options).ok();
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok) {
    return InvalidArgumentError(
        "Expected a JSON-formatted request data of type: <class "
        "'tensorboard.plugins.hparams.api_pb2." +
        std::string(type_name) + "'>, but got " + shown + " ");
  }
  return proto;
}

// ---- Proto3 JSON as TensorBoard prints it ----------------------------------------------------
//
// TensorBoard answers with Python's json_format.MessageToJson(including_default_value_fields=True),
// i.e. json.dumps(indent=2) of: the set fields (by field number), then every other field that is
// neither a singular message nor in a oneof, at its default ([] and {} for repeated and map
// fields). libprotobuf's printer (JsonPrintOptions::always_print_primitive_fields) gives the same
// fields, but spells doubles the C way ("16" where Python writes 16.0), which the goldens'
// comparison of hparam domains sees. So the messages are walked here with reflection and printed
// with Python's float spelling; doubles that are NaN or infinite become "NaN", "Infinity" and
// "-Infinity", as json_format writes them.

nlohmann::ordered_json MessageJson(const google::protobuf::Message& message);

// google.protobuf.Value, ListValue and Struct, which have their own JSON forms.
nlohmann::ordered_json StructJson(const google::protobuf::Struct& s) {
  std::map<std::string, const Value*> fields;  // map order means nothing; sorted for stability
  for (const auto& [key, value] : s.fields()) fields.emplace(key, &value);
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : fields) out[key] = MessageJson(*value);
  return out;
}

nlohmann::ordered_json WellKnownJson(const google::protobuf::Message& message, bool* handled) {
  *handled = true;
  if (const auto* v = dynamic_cast<const Value*>(&message)) {
    switch (v->kind_case()) {
      case Value::kNumberValue:
        return v->number_value();
      case Value::kStringValue:
        return v->string_value();
      case Value::kBoolValue:
        return v->bool_value();
      case Value::kStructValue:
        return StructJson(v->struct_value());
      case Value::kListValue:
        return MessageJson(v->list_value());
      default:
        return nullptr;
    }
  }
  if (const auto* list = dynamic_cast<const google::protobuf::ListValue*>(&message)) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Value& v : list->values()) out.push_back(MessageJson(v));
    return out;
  }
  if (const auto* s = dynamic_cast<const google::protobuf::Struct*>(&message)) {
    return StructJson(*s);
  }
  *handled = false;
  return nullptr;
}

// One value of field `f` (element `index` of a repeated field, or -1).
nlohmann::ordered_json FieldValueJson(const google::protobuf::Message& message,
                                      const google::protobuf::FieldDescriptor* f, int index) {
  using FD = google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = message.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FD::CPPTYPE_INT32:
      return rep ? r->GetRepeatedInt32(message, f, index) : r->GetInt32(message, f);
    case FD::CPPTYPE_UINT32:
      return rep ? r->GetRepeatedUInt32(message, f, index) : r->GetUInt32(message, f);
    case FD::CPPTYPE_INT64:  // a string in proto3 JSON
      return std::to_string(rep ? r->GetRepeatedInt64(message, f, index) : r->GetInt64(message, f));
    case FD::CPPTYPE_UINT64:
      return std::to_string(rep ? r->GetRepeatedUInt64(message, f, index)
                                : r->GetUInt64(message, f));
    case FD::CPPTYPE_DOUBLE:
      return rep ? r->GetRepeatedDouble(message, f, index) : r->GetDouble(message, f);
    case FD::CPPTYPE_FLOAT:
      return static_cast<double>(rep ? r->GetRepeatedFloat(message, f, index)
                                     : r->GetFloat(message, f));
    case FD::CPPTYPE_BOOL:
      return rep ? r->GetRepeatedBool(message, f, index) : r->GetBool(message, f);
    case FD::CPPTYPE_ENUM: {
      const int number =
          rep ? r->GetRepeatedEnumValue(message, f, index) : r->GetEnumValue(message, f);
      const auto* value = f->enum_type()->FindValueByNumber(number);
      if (value == nullptr) return number;  // open enums print unknown numbers as numbers
      return value->name();
    }
    case FD::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(message, f, index) : r->GetString(message, f);
    case FD::CPPTYPE_MESSAGE:
      return MessageJson(rep ? r->GetRepeatedMessage(message, f, index)
                             : r->GetMessage(message, f));
  }
  return nullptr;
}

nlohmann::ordered_json FieldJson(const google::protobuf::Message& message,
                                 const google::protobuf::FieldDescriptor* f) {
  const google::protobuf::Reflection* r = message.GetReflection();
  if (f->is_map()) {
    const auto* key_field = f->message_type()->map_key();
    const auto* value_field = f->message_type()->map_value();
    std::map<std::string, nlohmann::ordered_json> entries;  // sorted for stability
    for (int i = 0; i < r->FieldSize(message, f); ++i) {
      const google::protobuf::Message& entry = r->GetRepeatedMessage(message, f, i);
      nlohmann::ordered_json key = FieldValueJson(entry, key_field, -1);
      std::string text = key.is_string()    ? key.get<std::string>()
                         : key.is_boolean() ? (key.get<bool>() ? "true" : "false")
                                            : key.dump();
      entries[std::move(text)] = FieldValueJson(entry, value_field, -1);
    }
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (auto& [key, value] : entries) out[key] = std::move(value);
    return out;
  }
  if (f->is_repeated()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (int i = 0; i < r->FieldSize(message, f); ++i) out.push_back(FieldValueJson(message, f, i));
    return out;
  }
  return FieldValueJson(message, f, -1);
}

nlohmann::ordered_json MessageJson(const google::protobuf::Message& message) {
  bool handled = false;
  nlohmann::ordered_json well_known = WellKnownJson(message, &handled);
  if (handled) return well_known;
  const google::protobuf::Descriptor* d = message.GetDescriptor();
  std::vector<const google::protobuf::FieldDescriptor*> set;
  message.GetReflection()->ListFields(message, &set);  // by field number
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto* f : set) out[f->json_name()] = FieldJson(message, f);
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    if (f->containing_oneof() != nullptr || out.contains(f->json_name())) continue;
    if (!f->is_repeated() && f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    out[f->json_name()] = FieldJson(message, f);  // the default, [] or {}
  }
  return out;
}

// json.dumps(indent=2, ensure_ascii=True) with Python's float spelling.
void AppendPrettyJson(const nlohmann::ordered_json& j, int depth, std::string* out) {
  auto newline = [out](int d) {
    out->push_back('\n');
    out->append(static_cast<size_t>(2 * d), ' ');
  };
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::object: {
      if (j.empty()) {
        *out += "{}";
        return;
      }
      out->push_back('{');
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out->push_back(',');
        first = false;
        newline(depth + 1);
        *out += "\"" + JsonStringBodyAscii(it.key()) + "\": ";
        AppendPrettyJson(it.value(), depth + 1, out);
      }
      newline(depth);
      out->push_back('}');
      return;
    }
    case nlohmann::ordered_json::value_t::array: {
      if (j.empty()) {
        *out += "[]";
        return;
      }
      out->push_back('[');
      bool first = true;
      for (const auto& v : j) {
        if (!first) out->push_back(',');
        first = false;
        newline(depth + 1);
        AppendPrettyJson(v, depth + 1, out);
      }
      newline(depth);
      out->push_back(']');
      return;
    }
    case nlohmann::ordered_json::value_t::string:
      *out += "\"" + JsonStringBodyAscii(j.get_ref<const std::string&>()) + "\"";
      return;
    case nlohmann::ordered_json::value_t::boolean:
      *out += j.get<bool>() ? "true" : "false";
      return;
    case nlohmann::ordered_json::value_t::number_integer:
      *out += std::to_string(j.get<int64_t>());
      return;
    case nlohmann::ordered_json::value_t::number_unsigned:
      *out += std::to_string(j.get<uint64_t>());
      return;
    case nlohmann::ordered_json::value_t::number_float:
      AppendJsonNumber(out, j.get<double>());
      return;
    default:
      *out += "null";
      return;
  }
}

Response ProtoJson(const google::protobuf::Message& message) {
  std::string out;
  AppendPrettyJson(MessageJson(message), 0, &out);
  return Response::Json(std::move(out));
}

// Python's json_format refuses NaN and infinities in a Value; TensorBoard would fail to print
// them (a 500), so they are left out of stored discrete domains.
void DropUnprintableDomainValues(hp::Experiment* experiment) {
  for (hp::HParamInfo& info : *experiment->mutable_hparam_infos()) {
    if (!info.has_domain_discrete()) continue;
    auto* values = info.mutable_domain_discrete()->mutable_values();
    values->erase(std::remove_if(values->begin(), values->end(),
                                 [](const Value& v) { return !IsSerializable(v); }),
                  values->end());
  }
}

// ---- download_data tables -----------------------------------------------------------------

// Python's truthiness of a JSON value.
bool Truthy(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return false;
    case nlohmann::json::value_t::boolean:
      return v.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return v.get<double>() != 0;
    case nlohmann::json::value_t::string:
    case nlohmann::json::value_t::array:
    case nlohmann::json::value_t::object:
      return !v.empty();
    default:
      return false;
  }
}

// A download_data cell: Python's None, float, bool or str.
using Cell = std::optional<ColumnValue>;

std::string CsvField(const Cell& cell) {
  if (!cell) return "";
  const std::string text = PythonStr(*cell);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

// Python's csv.writer row (QUOTE_MINIMAL, "\r\n"); a row of one empty field is written `""`.
std::string CsvRow(const std::vector<Cell>& row) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line.push_back(',');
    line += CsvField(row[i]);
  }
  if (row.size() == 1 && line.empty()) line = "\"\"";
  return line + "\r\n";
}

// download_data.py's latex_format.
std::string LatexCell(const Cell& cell) {
  if (!cell) return "-";
  switch (cell->kind) {
    case ColumnValue::Kind::kBool:
      return cell->number != 0 ? "$1$" : "$0$";
    case ColumnValue::Kind::kNumber: {
      const double v = cell->number;
      if (std::isnan(v)) return "$\\mathrm{NaN}$";
      if (std::isinf(v)) return v < 0 ? "$-\\infty$" : "$+\\infty$";
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.3g", v);
      const std::string scientific = buf;
      const size_t e = scientific.find('e');
      if (e == std::string::npos) return "$" + scientific + "$";
      return "$" + scientific.substr(0, e) + "\\cdot 10^{" +
             std::to_string(std::stoi(scientific.substr(e + 1))) + "}$";
    }
    case ColumnValue::Kind::kString: {
      std::string out;
      for (const char c : cell->text) {
        if (c == '_' || c == '%') out.push_back('\\');
        out.push_back(c);
      }
      return out;
    }
  }
  return "";
}

nlohmann::ordered_json CellJson(const Cell& cell) {
  if (!cell) return nullptr;
  switch (cell->kind) {
    case ColumnValue::Kind::kNumber:
      return cell->number;
    case ColumnValue::Kind::kBool:
      return cell->number != 0;
    case ColumnValue::Kind::kString:
      return cell->text;
  }
  return nullptr;
}

Cell TextCell(std::string text) {
  return ColumnValue{ColumnValue::Kind::kString, 0, std::move(text)};
}

// ---- The plugin -------------------------------------------------------------------------------

class HParamsPlugin final : public Plugin {
 public:
  explicit HParamsPlugin(const PluginContext& context) : context_(context) {}

  std::string_view name() const override { return kPluginName; }

  nlohmann::ordered_json FrontendMetadata() const override {
    return nlohmann::ordered_json{
        {"tab_name", "hparams"},
        {"disable_reload", false},
        {"remove_dom", false},
        {"loading_mechanism", nlohmann::ordered_json{{"type", "CUSTOM_ELEMENT"},
                                                     {"element_name", "tf-hparams-dashboard"}}},
    };
  }

  bool IsActive() const override {
    return context_.store != nullptr && AnyTagOfPlugin(*context_.store, kPluginName);
  }

  std::vector<Route> Routes() override {
    auto route = [this](std::string leaf,
                        StatusOr<Response> (HParamsPlugin::*method)(const Request&) const) {
      Handler handler = [this, method](const Request& request) -> StatusOr<Response> {
        // Errors are values: nothing thrown below may reach the server.
        try {
          return (this->*method)(request);
        } catch (const std::exception& e) {
          return InternalError(std::string("hparams: ") + e.what());
        }
      };
      return Route{"/data/plugin/hparams/" + leaf, std::move(handler), /*allow_get=*/true,
                   /*allow_post=*/true};
    };
    return {
        route("experiment", &HParamsPlugin::ExperimentRoute),
        route("session_groups", &HParamsPlugin::SessionGroupsRoute),
        route("metric_evals", &HParamsPlugin::MetricEvalsRoute),
        route("download_data", &HParamsPlugin::DownloadDataRoute),
    };
  }

 private:
  StatusOr<Response> ExperimentRoute(const Request& request) const {
    ASSIGN_OR_RETURN(hp::GetExperimentRequest parsed,
                     ParseRequest<hp::GetExperimentRequest>(request, "GetExperimentRequest"));
    const bool include_metrics = !parsed.has_include_metrics() || parsed.include_metrics();
    ASSIGN_OR_RETURN(
        hp::Experiment experiment,
        ComputeExperiment(context_.store, ReadHParamsRuns(context_.store), include_metrics));
    SortAndLimitHParams(&experiment, parsed.has_hparams_limit() ? parsed.hparams_limit() : 0);
    DropUnprintableDomainValues(&experiment);
    return ProtoJson(experiment);
  }

  StatusOr<Response> SessionGroupsRoute(const Request& request) const {
    ASSIGN_OR_RETURN(
        hp::ListSessionGroupsRequest parsed,
        ParseRequest<hp::ListSessionGroupsRequest>(request, "ListSessionGroupsRequest"));
    ASSIGN_OR_RETURN(hp::ListSessionGroupsResponse response,
                     ListSessionGroups(context_.store, parsed));
    return ProtoJson(response);
  }

  // The metric's scalars as the scalars route gives them: [[wall_time, step, value], ...],
  // downsampled to the scalars plugin's limit.
  StatusOr<Response> MetricEvalsRoute(const Request& request) const {
    ASSIGN_OR_RETURN(hp::ListMetricEvalsRequest parsed,
                     ParseRequest<hp::ListMetricEvalsRequest>(request, "ListMetricEvalsRequest"));
    const std::string run = MetricRun(parsed.session_name(), parsed.metric_name().group());
    const std::string& tag = parsed.metric_name().tag();
    size_t limit = kDefaultScalarsDownsample;
    if (context_.samples != nullptr) {
      limit = context_.samples->QueryLimitFor("scalars").value_or(kDefaultScalarsDownsample);
    }
    std::optional<std::vector<ScalarPoint>> points;
    if (context_.store != nullptr) {
      if (const auto found = context_.store->FindRun(run)) {
        points = found->Read([&](const RunData& data) -> std::optional<std::vector<ScalarPoint>> {
          const TagData* t = data.FindTag(tag);
          if (t == nullptr || !IsScalarTag(*t)) return std::nullopt;
          return t->scalars->PointsAt(DownsampleIndices(t->scalars->size(), limit));
        });
      }
    }
    if (!points) {
      return NotFoundError("No scalar data for run=" + PythonRepr(run, false) +
                           ", tag=" + PythonRepr(tag, false));
    }
    std::string body = "[";
    for (size_t i = 0; i < points->size(); ++i) {
      const ScalarPoint& p = (*points)[i];
      if (i > 0) body += ", ";
      body += "[";
      AppendJsonNumber(&body, p.wall_time);
      body += ", " + std::to_string(p.step) + ", ";
      AppendJsonNumber(&body, p.value);
      body += "]";
    }
    body += "]";
    return Response::Json(std::move(body));
  }

  // The session groups as a table (download_data.py): one column per hparam, then per metric, of
  // the experiment, cut by columnsVisibility; format json, csv or latex.
  StatusOr<Response> DownloadDataRoute(const Request& request) const {
    const std::optional<std::string> format = request.Param("format");
    const std::optional<std::string> visibility_text = request.Param("columnsVisibility");
    // TensorBoard fails with a 500 on a missing or non-list columnsVisibility.
    const nlohmann::json visibility =
        nlohmann::json::parse(visibility_text.value_or(""), nullptr, /*allow_exceptions=*/false);
    if (!visibility.is_array()) {
      return InvalidArgumentError("columnsVisibility must be a JSON list, got " +
                                  (visibility_text ? *visibility_text : std::string("None")));
    }
    ASSIGN_OR_RETURN(
        hp::ListSessionGroupsRequest parsed,
        ParseRequest<hp::ListSessionGroupsRequest>(request, "ListSessionGroupsRequest"));
    ASSIGN_OR_RETURN(hp::ListSessionGroupsResponse groups,
                     ListSessionGroups(context_.store, parsed));
    ASSIGN_OR_RETURN(hp::Experiment experiment,
                     ComputeExperiment(context_.store, ReadHParamsRuns(context_.store),
                                       /*include_metrics=*/true));
    SortAndLimitHParams(&experiment, 0);

    auto visible = [&](std::vector<Cell> row) {  // Python's zip() stops at the shorter list
      std::vector<Cell> out;
      for (size_t i = 0; i < row.size() && i < visibility.size(); ++i) {
        if (Truthy(visibility[i])) out.push_back(std::move(row[i]));
      }
      return out;
    };
    std::vector<Cell> header;
    for (const hp::HParamInfo& info : experiment.hparam_infos()) {
      header.push_back(TextCell(info.display_name().empty() ? info.name() : info.display_name()));
    }
    for (const hp::MetricInfo& info : experiment.metric_infos()) {
      header.push_back(
          TextCell(info.display_name().empty() ? info.name().tag() : info.display_name()));
    }
    header = visible(std::move(header));
    std::vector<std::vector<Cell>> rows;
    for (const hp::SessionGroup& group : groups.session_groups()) {
      std::vector<Cell> row;
      for (const hp::HParamInfo& info : experiment.hparam_infos()) {
        const auto it = group.hparams().find(info.name());
        Cell cell = it == group.hparams().end() ? std::nullopt : FromValue(it->second);
        row.push_back(cell ? std::move(cell) : TextCell(""));  // other kinds are "" there too
      }
      for (const hp::MetricInfo& info : experiment.metric_infos()) {
        const hp::MetricValue* v = FindMetricValue(group.metric_values(), info.name());
        row.push_back(v == nullptr ? Cell()
                                   : Cell(ColumnValue{ColumnValue::Kind::kNumber, v->value(), {}}));
      }
      rows.push_back(visible(std::move(row)));
    }

    if (format == "json") {
      nlohmann::ordered_json out{{"header", nlohmann::ordered_json::array()},
                                 {"rows", nlohmann::ordered_json::array()}};
      for (const Cell& cell : header) out["header"].push_back(CellJson(cell));
      for (const auto& row : rows) {
        nlohmann::ordered_json r = nlohmann::ordered_json::array();
        for (const Cell& cell : row) r.push_back(CellJson(cell));
        out["rows"].push_back(std::move(r));
      }
      return Response::Json(DumpJson(out));
    }
    if (format == "csv") {
      std::string body = CsvRow(header);
      for (const auto& row : rows) body += CsvRow(row);
      return Response::Text(std::move(body), "text/csv; charset=utf-8");
    }
    if (format == "latex") {
      auto line = [](const std::vector<Cell>& cells) {
        std::string out;
        for (size_t i = 0; i < cells.size(); ++i) {
          if (i > 0) out += " & ";
          out += LatexCell(cells[i]);
        }
        return out;
      };
      std::string body = "\\begin{table}[tbp]\n\\begin{tabular}{" +
                         std::string(header.size(), 'l') + "}\n" + line(header) + " \\\\ \\hline\n";
      for (const auto& row : rows) body += line(row) + " \\\\\n";
      body += "\\hline\n\\end{tabular}\n\\end{table}\n";
      return Response::Text(std::move(body), "application/x-latex");
    }
    return InvalidArgumentError("Invalid reponses format: " + format.value_or("None"));
  }

  const PluginContext context_;
};

}  // namespace

std::unique_ptr<Plugin> MakeHParamsPlugin(const PluginContext& context) {
  return std::make_unique<HParamsPlugin>(context);
}

}  // namespace tracker::plugins

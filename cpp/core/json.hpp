// One generic JSON mapping for every type described with Boost.Describe.
//
//   nlohmann::json j = jixiao::to_json_value(record);
//   auto r = jixiao::from_json_value<Record>(j);
//
// Structs map to objects keyed by member name (a trailing underscore dropped), described
// enums to their names, std::optional to the value or null, vectors to arrays and
// string-keyed maps to objects. Types that should leave out empty optionals instead of
// writing null specialise `omit_empty_fields`.
#pragma once

#include "core/error.hpp"
#include "core/traits.hpp"

#include <boost/describe.hpp>
#include <boost/mp11.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace jixiao {

// The public name of a described member: "public_" -> "public".
inline std::string field_name(std::string_view member) {
  if (!member.empty() && member.back() == '_') member.remove_suffix(1);
  return std::string(member);
}

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_string_map : std::false_type {};
template <class V, class C, class A>
struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};

template <class T>
constexpr bool is_described_struct =
    boost::describe::has_describe_members<T>::value && !std::is_union_v<T>;
template <class T>
constexpr bool is_described_enum = boost::describe::has_describe_enumerators<T>::value;

}  // namespace detail

template <class T>
nlohmann::json to_json_value(const T& value);
template <class T>
void from_json_value(const nlohmann::json& j, T& out);

template <class T>
nlohmann::json to_json_value(const T& value) {
  using namespace detail;
  if constexpr (is_described_struct<T>) {
    nlohmann::json j = nlohmann::json::object();
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto m) {
      const auto& field = value.*m.pointer;
      using F = std::decay_t<decltype(field)>;
      if constexpr (is_optional<F>::value) {
        if (!field.has_value() && omit_empty_fields<T>::value) return;
      }
      j[field_name(m.name)] = to_json_value(field);
    });
    return j;
  } else if constexpr (is_described_enum<T>) {
    const char* name = "";
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
      if (value == e.value) name = e.name;
    });
    return name;
  } else if constexpr (is_optional<T>::value) {
    return value ? to_json_value(*value) : nlohmann::json(nullptr);
  } else if constexpr (is_vector<T>::value) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& item : value) j.push_back(to_json_value(item));
    return j;
  } else if constexpr (is_string_map<T>::value) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : value) j[k] = to_json_value(v);
    return j;
  } else {
    return nlohmann::json(value);
  }
}

namespace detail {

// The members of a described struct in the order a JSON object keeps its keys (sorted), so
// that written JSON is the same as to_json_value(...).dump() gives.
template <class T>
const auto& sorted_members() {
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
  static const auto order = [] {
    std::array<size_t, boost::mp11::mp_size<Members>::value> index{};
    std::array<std::string, boost::mp11::mp_size<Members>::value> names{};
    size_t k = 0;
    boost::mp11::mp_for_each<Members>([&](auto m) {
      index[k] = k;
      names[k++] = field_name(m.name);
    });
    std::sort(index.begin(), index.end(), [&](size_t a, size_t b) { return names[a] < names[b]; });
    return index;
  }();
  return order;
}

struct JsonWriter {
  std::string& out;
  int indent;  // -1: compact

  void newline(int depth) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<size_t>(indent) * static_cast<size_t>(depth), ' ');
  }
  void string(std::string_view s) {
    out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  // Opens an object or array member; `first` tracks the comma.
  void item(bool& first, int depth) {
    if (!first) out += ',';
    first = false;
    newline(depth);
  }

  template <class T>
  void write(const T& value, int depth) {
    if constexpr (is_described_struct<T>) {
      using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
      out += '{';
      bool first = true;
      for (size_t k : sorted_members<T>()) {
        boost::mp11::mp_with_index<boost::mp11::mp_size<Members>::value>(k, [&](auto I) {
          using M = boost::mp11::mp_at_c<Members, I>;
          const auto& field = value.*M::pointer;
          using F = std::decay_t<decltype(field)>;
          if constexpr (is_optional<F>::value) {
            if (!field.has_value() && omit_empty_fields<T>::value) return;
          }
          item(first, depth + 1);
          string(field_name(M::name));
          out += indent < 0 ? ":" : ": ";
          write(field, depth + 1);
        });
      }
      if (!first) newline(depth);
      out += '}';
    } else if constexpr (is_described_enum<T>) {
      const char* name = "";
      boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
        if (value == e.value) name = e.name;
      });
      string(name);
    } else if constexpr (is_optional<T>::value) {
      if (value)
        write(*value, depth);
      else
        out += "null";
    } else if constexpr (is_vector<T>::value) {
      out += '[';
      bool first = true;
      for (const auto& v : value) {
        item(first, depth + 1);
        write(v, depth + 1);
      }
      if (!first) newline(depth);
      out += ']';
    } else if constexpr (is_string_map<T>::value) {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : value) {
        item(first, depth + 1);
        string(k);
        out += indent < 0 ? ":" : ": ";
        write(v, depth + 1);
      }
      if (!first) newline(depth);
      out += '}';
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      string(value);
    } else {
      out += nlohmann::json(value).dump();
    }
  }
};

}  // namespace detail

// The JSON text of a record, written as it is walked: the same text as
// to_json_value(value).dump(indent) without building the whole tree first (a document's tree
// takes some 15 times its JSON text).
template <class T>
std::string to_json_string(const T& value, int indent = -1) {
  std::string out;
  detail::JsonWriter{out, indent}.write(value, 0);
  return out;
}

template <class T>
void from_json_value(const nlohmann::json& j, T& out) {
  using namespace detail;
  if constexpr (is_described_struct<T>) {
    if (!j.is_object()) throw FormatError("", "JSON 对象格式不符", "expected a JSON object");
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto m) {
      auto it = j.find(field_name(m.name));
      if (it != j.end()) from_json_value(*it, out.*m.pointer);
    });
  } else if constexpr (is_described_enum<T>) {
    const std::string name = j.get<std::string>();
    bool found = false;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
      if (name == e.name) {
        out = e.value;
        found = true;
      }
    });
    if (!found) throw FormatError("", "未知的取值：" + name, "unknown value: " + name);
  } else if constexpr (is_optional<T>::value) {
    if (j.is_null()) {
      out.reset();
    } else {
      typename T::value_type v{};
      from_json_value(j, v);
      out = std::move(v);
    }
  } else if constexpr (is_vector<T>::value) {
    out.clear();
    if (!j.is_array()) throw FormatError("", "JSON 数组格式不符", "expected a JSON array");
    out.reserve(j.size());
    for (const auto& item : j) {
      typename T::value_type v{};
      from_json_value(item, v);
      out.push_back(std::move(v));
    }
  } else if constexpr (is_string_map<T>::value) {
    out.clear();
    for (auto it = j.begin(); it != j.end(); ++it) {
      typename T::mapped_type v{};
      from_json_value(it.value(), v);
      out.emplace(it.key(), std::move(v));
    }
  } else {
    try {
      out = j.get<T>();
    } catch (const nlohmann::json::exception& e) {
      throw FormatError("", std::string("JSON 取值类型不符：") + e.what(), std::string("JSON type mismatch: ") + e.what());
    }
  }
}

template <class T>
T from_json_value(const nlohmann::json& j) {
  T out{};
  from_json_value(j, out);
  return out;
}

// Generic member-wise equality for described structs (used by the bindings' __eq__).
template <class T>
bool records_equal(const T& a, const T& b) {
  if constexpr (detail::is_described_struct<T>) {
    bool same = true;
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto m) {
      if (same) same = records_equal(a.*m.pointer, b.*m.pointer);
    });
    return same;
  } else if constexpr (detail::is_optional<T>::value) {
    if (a.has_value() != b.has_value()) return false;
    return !a.has_value() || records_equal(*a, *b);
  } else if constexpr (detail::is_vector<T>::value) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!records_equal(a[i], b[i])) return false;
    return true;
  } else if constexpr (detail::is_string_map<T>::value) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
      if (ia->first != ib->first || !records_equal(ia->second, ib->second)) return false;
    return true;
  } else {
    return a == b;
  }
}

}  // namespace jixiao

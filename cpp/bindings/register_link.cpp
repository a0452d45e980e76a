// Linking a batch into dossiers: jixiao._core.link_documents, link_items and their records.
#include "bindings/binder.hpp"
#include "bindings/register.hpp"
#include "link/link.hpp"
#include "pipeline/batch.hpp"

#include <algorithm>

namespace jixiao::bindings {

void register_link(py::module_& m) {
  bind_record<DepartmentName>(m, "DepartmentName", "A department name taken apart: canonical name and place.");
  bind_record<LinkFigure>(m, "LinkFigure", "A budget figure as linking compares it, with its place.");
  bind_record<LinkIndicator>(m, "LinkIndicator", "An indicator row as linking compares it, with its place.");
  bind_record<LinkEntry>(m, "LinkEntry", "What linking keeps of one document.");
  bind_record<DossierMember>(m, "DossierMember", "A document of a dossier and why it is there.");
  bind_record<Dossier>(m, "Dossier", "The documents of one department and fiscal year.");
  bind_record<Unlinked>(m, "Unlinked", "A document that could not be linked, with the reason.");
  bind_record<LinkResult>(m, "LinkResult", "Dossiers, unlinked documents and cross-document findings.");

  m.def(
      "department_name",
      [](const std::string& name, const std::map<std::string, std::string>& aliases) {
        return department_name(name, aliases);
      },
      py::arg("name"), py::arg("aliases") = std::map<std::string, std::string>{},
      "The canonical department name and place of a name as written.");
  m.def("name_similarity", &name_similarity, py::arg("a"), py::arg("b"),
        "Character-bigram Dice similarity of two normalised names (0..1).");
  m.def("names_nest", &names_nest, py::arg("a"), py::arg("b"),
        "One name is the other with words added, none changed.");
  m.def("link_entry", &link_entry, py::arg("doc"), py::arg("config") = CheckConfig{},
        "What linking needs of one document.");
  m.def("group_key", &group_key, py::arg("entry"), "The key a distributed batch is grouped by before linking.");
  m.def(
      "link_documents",
      [](const std::vector<LinkEntry>& entries, const CheckConfig& config) {
        py::gil_scoped_release release;
        return link_documents(entries, config);
      },
      py::arg("entries"), py::arg("config") = CheckConfig{},
      "Links entries into dossiers and returns the dossiers, the unlinked documents and the L1xx findings.");
  m.def(
      "link_items",
      [](const std::vector<BatchItem*>& items, const CheckConfig& config) {
        std::vector<LinkEntry> entries;
        for (const BatchItem* item : items)
          if (item->link) entries.push_back(*item->link);
        LinkResult result;
        {
          py::gil_scoped_release release;
          result = link_documents(entries, config);
        }
        std::map<std::string, BatchItem*> by_path;
        for (BatchItem* item : items)
          if (item->link) by_path.emplace(item->link->path, item);
        for (const Diagnostic& d : result.diagnostics) {
          auto it = by_path.find(d.path);
          if (it != by_path.end()) it->second->check.diagnostics.push_back(d);
        }
        for (BatchItem* item : items) {
          auto& ds = item->check.diagnostics;
          std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
          });
        }
        return result;
      },
      py::arg("items"), py::arg("config") = CheckConfig{},
      "Links the batch items kept with link=True; their findings gain the L1xx ones, in place.");
}

}  // namespace jixiao::bindings

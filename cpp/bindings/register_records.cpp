#include "bindings/binder.hpp"
#include "bindings/register.hpp"
#include "core/records.hpp"

namespace jixiao::bindings {

void register_records(py::module_& m) {
  bind_record<Span>(m, "Span", "1-based line/column range in the decoded text; end_column is exclusive.");
  bind_record<Segment>(m, "Segment");
  bind_record<Cell>(m, "Cell");
  bind_record<Table>(m, "Table");
  bind_record<Block>(m, "Block");
  bind_record<Heading>(m, "Heading");
  bind_record<Artifact>(m, "Artifact");
  bind_record<Quantity>(m, "Quantity");
  bind_record<Meta>(m, "Meta");
  bind_record<Budget>(m, "Budget");
  bind_record<Project>(m, "Project");
  bind_record<Indicator>(m, "Indicator");
  bind_record<Document>(m, "Document");
}

}  // namespace jixiao::bindings

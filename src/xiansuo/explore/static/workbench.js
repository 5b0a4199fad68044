// The query workbench: write a query with completion and live checks, fill in its
// parameters, run it read-only (rows as a table, their parties and cases as a graph), and
// save it as a rule with a test skeleton, then see what `rules check` and `rules test` say.
"use strict";

import { CypherEditor } from "./editor.js";
import { GraphView, noteFor } from "./graph.js";
import { api, busy, debounce, el, fill, showError, t } from "./util.js";

const $ = (id) => document.getElementById(id);
const state = {
  start: null, params: [], columns: [], roles: {}, seq: 0, checking: false, pending: null,
};
const CHECK_AFTER_MS = 500;

const graph = new GraphView($("graph"), {
  onSelect(node) {
    $("graph-note").textContent = node ? node.data.rows.map(([name, value]) => `${name}: ${value}`).join(" · ") : "";
  },
  onChange({ error, note }) {
    if (error) showError(error);
    $("view-title").textContent = graph.title;
    if (note !== undefined) $("graph-note").textContent = note || "";
  },
});

// --- checks while typing ------------------------------------------------------------------

function showFindings(findings, unavailable) {
  const items = findings.map((f) => el("li", {
    class: f.severity, onclick: () => editor.focusAt(f.at),
  }, el("span", { class: "where" }, `${f.line}:${f.column}`), `${f.severity_name} [${f.check}] ${f.message}`));
  if (unavailable) items.unshift(el("li", { class: "error" }, t("workbench.lint_unavailable", { reason: unavailable })));
  if (!items.length) items.push(el("li", { class: "clean" }, t("workbench.clean")));
  fill($("findings"), items);
}

// One check at a time (each starts Neo4j's linter, a second of a core): text typed while one
// runs is checked when it is done, the latest text only.
async function check(text) {
  const seq = ++state.seq;
  if (state.checking) {
    state.pending = text;
    return;
  }
  if (!text.trim()) {
    editor.mark([]);
    fill($("findings"));
    return;
  }
  fill($("findings"), el("li", { class: "muted" }, t("workbench.checking")));
  let found;
  state.checking = true;
  try {
    found = await api("/api/workbench/check", { method: "POST", body: { query: text } });
  } catch (error) {
    if (seq === state.seq) showError(error);
    return;
  } finally {
    state.checking = false;
    if (state.pending !== null) {
      const pending = state.pending;
      state.pending = null;
      check(pending);
    }
  }
  if (seq !== state.seq) return; // the text changed meanwhile: its own check follows
  editor.mark(found.findings);
  showFindings(found.findings, found.unavailable);
  drawParams(found.params);
  drawColumns(found.columns);
  document.body.dataset.checked = String(seq);
}

// --- the parameters -----------------------------------------------------------------------

function paramValue(name) {
  const field = $(`param-${name}`);
  return field ? field.value : "";
}

function drawParams(params) {
  const kept = Object.fromEntries(state.params.map((p) => [p.name, paramValue(p.name)]));
  state.params = params;
  if (!params.length) {
    fill($("params"), el("p", { class: "muted" }, t("workbench.no_params")));
  } else {
    fill($("params"), params.map((p) => {
      const value = kept[p.name] ?? (p.kind === "date" && p.name === "as_of" ? state.start.as_of : "");
      const id = `param-${p.name}`;
      const field = p.kind === "boolean"
        ? el("select", { id }, ["", "true", "false"].map((v) => el("option", { value: v, selected: v === value }, v)))
        : el("input", {
          id, value,
          type: p.kind === "date" ? "date" : ["integer", "number"].includes(p.kind) ? "number" : "text",
          step: p.kind === "number" ? "any" : undefined,
        });
      return el("label", {}, `$${p.name} (${p.kind})`, field);
    }));
  }
  drawSaveParams();
}

// --- running ------------------------------------------------------------------------------

function cell(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(cell).join("、");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function drawRows(result) {
  const role = (column) => (result.persons.includes(column) ? t("workbench.role_person")
    : result.cases.includes(column) ? t("workbench.role_case") : "");
  $("row-count").textContent = [
    t("workbench.rows", { count: result.rows.length, seconds: result.seconds }),
    result.truncated ? t("workbench.truncated", { max_rows: result.max_rows }) : "",
  ].join(" ");
  if (!result.rows.length) {
    fill($("rows"), el("p", { class: "muted" }, t("workbench.no_rows")));
    return;
  }
  fill($("rows"), el("table", { class: "rows-table" },
    el("thead", {}, el("tr", {}, result.columns.map((c) => el("th", {}, c,
      role(c) ? el("span", { class: "role" }, role(c)) : null)))),
    el("tbody", {}, result.rows.map((row) => el("tr", {}, result.columns.map((c) => el("td", {}, cell(row[c]))))))));
}

async function run() {
  const query = editor.value;
  if (!query.trim()) return showError(t("workbench.no_query"));
  const params = Object.fromEntries(state.params.map((p) => [p.name, paramValue(p.name)]));
  $("row-count").textContent = t("workbench.running");
  const body = { query, params, max_rows: Number($("max-rows").value), timeout_s: Number($("timeout").value) };
  const result = await busy(() => api("/api/workbench/run", { method: "POST", body }));
  document.body.dataset.ran = String((Number(document.body.dataset.ran) || 0) + 1);
  if (!result) {
    $("row-count").textContent = "";
    return;
  }
  showFindings(result.findings, null);
  editor.mark(result.findings);
  drawRows(result);
  // The columns that name persons and cases are what the rule's lead would be.
  const found = Object.fromEntries([...result.persons.map((c) => [c, "person"]), ...result.cases.map((c) => [c, "case"])]);
  drawColumns(result.columns, found);
  if (result.graph) {
    const persons = new Set(result.rows.flatMap((r) => result.persons.map((c) => r[c]))).size;
    const cases = new Set(result.rows.flatMap((r) => result.cases.map((c) => r[c]))).size;
    graph.show(result.graph, t("workbench.graph_title", { persons, cases }));
    $("graph-note").textContent = noteFor(result.graph);
  } else {
    graph.show({ nodes: [], edges: [], legend: [], omitted: { nodes: 0, edges: 0, labels: [] }, notes: [] }, "");
    $("graph-note").textContent = t("workbench.no_graph");
  }
}

// --- saving as a rule ---------------------------------------------------------------------

const ROLES = ["none", "person", "case", "name"];

/** The save form's columns: each one's heading (at first its property's column name) and
 * its part in a lead (as chosen, else as the last run found, else a name by its name). */
function drawColumns(columns, found = {}) {
  const headings = Object.fromEntries(state.columns.map((c) => [c, ($(`heading-${c}`) || {}).value]));
  for (const c of state.columns) {
    const select = $(`role-${c}`);
    if (select && select.value !== "none") state.roles[c] = select.value;
  }
  Object.assign(state.roles, found);
  state.columns = columns;
  for (const c of columns) {
    if (!state.roles[c] && /name|姓名/.test(c)) state.roles[c] = "name";
  }
  const example = columns.map((c) => `{${c}}`).join("，");
  $("summary-zh").placeholder = example;
  $("summary-en").placeholder = example.replaceAll("，", ", ");
  const titles = editor.columnTitles();
  fill($("save-columns"), columns.map((c) => el("tr", {},
    el("td", {}, c),
    el("td", {}, el("input", { id: `heading-${c}`, value: headings[c] || titles[c] || c, "aria-label": `${t("workbench.heading")} ${c}` })),
    el("td", {}, el("select", { id: `role-${c}`, "aria-label": `${t("workbench.role")} ${c}` },
      ROLES.map((r) => el("option", { value: r, selected: (state.roles[c] || "none") === r }, t(`workbench.role_${r}`))))))));
}

function drawSaveParams() {
  const kept = {};
  for (const p of state.params) {
    for (const lang of ["zh", "en"]) {
      const field = $(`param-description-${lang}-${p.name}`);
      if (field) kept[`${lang}-${p.name}`] = field.value;
    }
  }
  fill($("save-params"), state.params.flatMap((p) => ["zh", "en"].map((lang) => el("label", {},
    `${t("workbench.param_description", { name: p.name })} (${lang})`,
    el("input", { id: `param-description-${lang}-${p.name}`, value: kept[`${lang}-${p.name}`] || "" })))));
}

function draft() {
  const value = (id) => $(id).value.trim();
  const texts = (name) => ({ zh: value(`${name}-zh`), en: value(`${name}-en`) });
  const role = (r) => state.columns.filter((c) => $(`role-${c}`).value === r);
  return {
    id: value("rule-id"),
    title: texts("title"),
    description: texts("description"),
    severity: $("severity").value,
    query: editor.value,
    returns: Object.fromEntries(state.columns.map((c) => [c, value(`heading-${c}`) || c])),
    persons: role("person"),
    cases: role("case"),
    names: role("name"),
    summary: texts("summary"),
    params: Object.fromEntries(state.params.map((p) => [p.name, {
      type: p.kind,
      description: { zh: value(`param-description-zh-${p.name}`), en: value(`param-description-en-${p.name}`) },
      default: paramValue(p.name),
    }])),
    replace: $("replace").checked,
  };
}

function drawSaved(saved) {
  const failed = saved.results.filter((r) => !r.passed).length;
  fill($("save-result"), el("div", { class: saved.passed ? "save-ok" : "save-bad", id: "save-outcome" },
    el("p", {}, t("workbench.saved", { rule: saved.rule_path, test: saved.test_path })),
    el("p", {}, el("strong", {}, t("workbench.check_result", { count: saved.issues.length }))),
    saved.issues.length ? el("ul", {}, saved.issues.map((i) => el("li", {},
      `${i.line}: ${i.severity_name} [${i.check}] ${i.message}`))) : null,
    saved.lint_unavailable ? el("p", {}, t("workbench.lint_unavailable", { reason: saved.lint_unavailable })) : null,
    el("p", {}, el("strong", {}, t("workbench.test_result", { passed: saved.results.length - failed, failed }))),
    el("ul", {}, saved.results.map((r) => el("li", {}, `${r.passed ? "✓" : "✗"} ${r.case}${r.message ? `: ${r.message}` : ""}`))),
    el("p", {}, saved.passed ? t("workbench.passed") : t("workbench.failed"))));
}

async function save(event) {
  event.preventDefault();
  fill($("save-result"), el("p", { class: "muted" }, t("workbench.saving")));
  const saved = await busy(() => api("/api/workbench/save", { method: "POST", body: draft() }));
  if (saved) drawSaved(saved);
  else fill($("save-result"));
}

// --- the page -----------------------------------------------------------------------------

let editor;
const runQuery = () => run().catch(showError);

async function start() {
  const [run, start] = await Promise.all([api("/api/run"), api("/api/workbench")]);
  state.start = start;
  $("run-info").textContent = [
    t("explore.as_of", { day: run.as_of }), t("explore.user", { user: run.user }),
    run.mask ? t("explore.masked") : t("report.unmasked"),
  ].join(" · ");
  const checkSoon = debounce(check, CHECK_AFTER_MS);
  editor = new CypherEditor($("query"), $("highlight"), $("completions"), start.vocabulary, {
    onChange: checkSoon,
    onRun: runQuery,
  });
  $("max-rows").value = start.max_rows;
  $("max-rows").max = start.most_rows;
  $("timeout").value = start.timeout_s;
  fill($("severity"), start.severities.map((s) => el("option", { value: s.id, selected: s.id === "medium" }, s.name)));
  $("save-folder").textContent = start.folder ? t("workbench.save_to", { folder: start.folder }) : start.folder_problem;
  $("save-rule").disabled = !start.folder;
  $("run").addEventListener("click", runQuery);
  $("save-form").addEventListener("submit", save);
  document.body.dataset.ready = "true";
}

window.xiansuo = { graph, state, get editor() { return editor; } };
start().catch(showError);

// The right-hand panel: a lead's dossier (why, on which records, the decision and its
// history) and the selected node's details (every property, where it came from, actions).
"use strict";

import { api, el, fill, rowsTable, t } from "./util.js";

function list(items, className) {
  return items.length ? el("ul", { class: className }, items.map((item) => el("li", {}, item))) : null;
}

function section(title, ...content) {
  return el("section", { class: "block" }, el("h3", {}, title), ...content);
}

function table(headers, rows, className) {
  return el("table", { class: className },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell) => el("td", {}, cell))))));
}

function historyList(changes) {
  if (!changes.length) return el("p", { class: "muted" }, t("explore.no_history"));
  return el("ol", { class: "history" }, changes.slice().reverse().map((c) =>
    el("li", {},
      el("span", { class: "when" }, c.time.replace("T", " ").slice(0, 19)), " ",
      el("strong", {}, c.user), ` (${c.source}) · ${c.field_name}: `,
      el("span", { class: "old" }, c.old_name || "—"), " → ",
      el("span", { class: "new" }, c.new_name || "—"),
      c.note && c.field !== "note" ? el("div", { class: "note" }, c.note) : null)));
}

/** The decision form: status, assignee, note, saved to the lead register. */
function decisionForm(lead, decision, statuses, onSaved) {
  const entry = decision.entry || { status: "", assignee: "", note: "" };
  const status = el("select", { id: "decide-status" },
    statuses.map((s) => el("option", { value: s.id, selected: s.id === entry.status }, s.name)));
  const assignee = el("input", { id: "decide-assignee", type: "text", value: entry.assignee });
  const note = el("textarea", { id: "decide-note", rows: 3 });
  note.value = entry.note;
  const saved = el("span", { id: "decide-saved", class: "muted" });
  const history = el("div", { id: "decide-history" }, historyList(decision.history));
  const form = el("form", { class: "decide", onsubmit: async (event) => {
    event.preventDefault();
    try {
      const answer = await api(`/api/leads/${lead.id}/decision`, {
        method: "POST", body: { status: status.value, assignee: assignee.value, note: note.value },
      });
      saved.textContent = t("explore.saved", { status: answer.entry.status_name });
      fill(history, historyList(answer.history));
      onSaved(answer);
    } catch (error) {
      saved.textContent = error.message;
    }
  } },
  el("label", {}, t("report.status"), status),
  el("label", {}, t("report.assignee"), assignee),
  el("label", {}, t("explore.note"), note),
  el("button", { type: "submit", id: "decide-save" }, t("explore.save")), saved);
  if (!decision.entry) form.append(el("p", { class: "muted" }, t("explore.not_in_register")));
  return [form, el("h4", {}, t("explore.history")), history];
}

export function renderDossier(container, dossier, statuses, onSaved) {
  const { lead, facts, priority, evidence, decision } = dossier;
  fill(container,
    el("h2", { id: "dossier-title" }, lead.title),
    el("p", { class: "lead-id" }, `${t("page.lead")} `, el("code", { title: lead.id }, lead.short),
       ` · ${t("report.severity")}: ${lead.severity}`),
    el("p", { id: "dossier-summary", class: "summary" }, lead.summary),
    priority ? el("p", { class: "priority" }, el("strong", {}, `${t("report.priority")} ${priority.score.toFixed(2)}`),
                  el("span", { class: "why" }, ` ${priority.why}`)) : null,
    section(t("explore.facts"), facts.length ? rowsTable(facts, "facts") : el("p", { class: "muted" }, "—")),
    section(t("explore.why_rule"), el("p", {}, lead.description),
      lead.references.length ? el("h4", {}, t("explore.references")) : null, list(lead.references, "references"),
      lead.falsepositives.length ? el("h4", {}, t("explore.falsepositives")) : null,
      list(lead.falsepositives, "falsepositives")),
    section(t("explore.evidence"), evidence.length
      ? table([t("explore.source"), t("explore.record"), t("explore.match")],
          evidence.map((r) => [`${r.table} · ${r.file} · ${t("page.row", { row: r.row })}`, r.record,
                               r.claimed_id ? `${r.match} (${t("explore.written_as")} ${r.claimed_id})` : r.match]),
          "evidence")
      : el("p", { class: "muted" }, "—")),
    section(t("explore.decision"), ...decisionForm(lead, decision, statuses, onSaved)),
  );
}

/** The selected node: its properties, the leads it is in, and what can be done with it. */
export function renderDetails(container, node, actions) {
  if (!node) {
    fill(container, el("p", { class: "muted" }, t("explore.pick_node")));
    return;
  }
  const data = node.data;
  const expansion = actions.expansion(node.id);
  const buttons = [
    el("button", { type: "button", id: "act-expand", onclick: () => actions.expand(node.id) },
       expansion ? t("explore.expanded", { shown: expansion.added.length, total: expansion.total }) : t("explore.expand")),
    expansion && expansion.next !== null
      ? el("button", { type: "button", id: "act-more", onclick: () => actions.more(node.id) },
           t("explore.show_more", { total: expansion.moreThan ? `${expansion.total}+` : expansion.total })) : null,
    expansion ? el("button", { type: "button", id: "act-collapse", onclick: () => actions.collapse(node.id) }, t("explore.collapse")) : null,
    el("button", { type: "button", id: "act-hide", onclick: () => actions.hide(node.id) }, t("explore.hide")),
    el("button", { type: "button", id: "act-pin", onclick: () => actions.pin(node.id) },
       actions.pinned(node.id) ? t("explore.unpin") : t("explore.pin")),
    data.party ? el("button", { type: "button", id: "act-path-from", onclick: () => actions.pathFrom(node.id) }, t("explore.path_start")) : null,
    data.party && actions.pathStart() && actions.pathStart() !== node.id
      ? el("button", { type: "button", id: "act-path-to", onclick: () => actions.pathTo(node.id) }, t("explore.path_here")) : null,
  ];
  const leads = el("div", { id: "node-leads" });
  fill(container,
    el("h2", { id: "details-title" }, data.label.replace("\n", " ")),
    el("p", { class: "muted" }, data.kind_name),
    el("div", { class: "actions" }, buttons),
    rowsTable(data.rows, "rows details"),
    leads);
  api(`/api/nodes/${encodeURIComponent(node.id)}`).then((found) => {
    if (!found.leads.length) return;
    fill(leads, el("h4", {}, t("explore.node_leads")),
      el("ul", {}, found.leads.map((lead) => el("li", {},
        el("a", { href: `#/lead/${lead.id}` }, `${lead.short} · ${lead.title}`)))));
  }).catch(() => {});
}

// The lead list: by priority, filtered by rule, status, new or seen, words; or by person.
"use strict";

import { api, debounce, el, fill, query, t } from "./util.js";

function leadItem(row) {
  return el("li", { class: "lead", dataset: { lead: row.id, status: row.status } },
    el("a", { href: `#/lead/${row.id}` },
      el("code", {}, row.short), " ", el("strong", {}, row.rule_title),
      row.score !== null ? el("span", { class: "score" }, ` ${row.score.toFixed(2)}`) : null),
    el("div", { class: "line" }, row.names || "—", " · ", el("span", { class: "status" }, row.status_name),
       row.assignee ? ` · ${row.assignee}` : "", row.run === "new" ? el("span", { class: "new" }, ` ${t("run_status.new")}`) : null),
    el("div", { class: "summary muted" }, row.summary));
}

export class LeadList {
  constructor(run) {
    this.list = document.getElementById("lead-list");
    this.more = document.getElementById("lead-more");
    this.count = document.getElementById("lead-count");
    this.inputs = ["lead-filter", "lead-rule", "lead-status", "lead-seen", "lead-group"].map((id) => document.getElementById(id));
    const [, rule, status] = this.inputs;
    for (const r of run.rules) rule.append(el("option", { value: r.id }, r.title));
    for (const s of run.statuses) status.append(el("option", { value: s.id }, s.name));
    const reload = debounce(() => this.load(), 200);
    for (const input of this.inputs) input.addEventListener("input", reload);
    this.more.addEventListener("click", () => this.load(this.offset));
    this.offset = 0;
  }

  filters() {
    const [text, rule, status, seen, group] = this.inputs;
    return { q: text.value.trim(), rule: rule.value, status: status.value, seen: seen.value,
             group: group.checked ? "person" : "" };
  }

  async load(offset = 0) {
    const filters = this.filters();
    const page = await api(`/api/leads?${query({ ...filters, offset })}`);
    if (offset === 0) fill(this.list);
    if (filters.group) {
      for (const group of page.groups) {
        this.list.append(el("li", { class: "person-group", dataset: { count: group.leads.length } },
          el("div", { class: "person" }, el("strong", {}, group.name || "—"), ` ${group.person}`,
             el("span", { class: "muted" }, ` · ${t("explore.lead_count", { count: group.leads.length })}`)),
          el("ol", {}, group.leads.map(leadItem))));
      }
    } else {
      for (const row of page.rows) this.list.append(leadItem(row));
    }
    const shown = offset + (filters.group ? page.groups.length : page.rows.length);
    this.offset = shown;
    this.more.hidden = shown >= page.total;
    this.count.textContent = t(filters.group ? "explore.people_shown" : "explore.leads_shown",
                               { shown, total: page.total });
  }
}

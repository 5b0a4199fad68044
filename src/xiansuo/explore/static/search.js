// The search box: what is typed goes to /api/search as it is typed; a result opens.
"use strict";

import { api, debounce, el, fill, query, t } from "./util.js";

function describe(found) {
  const facts = [];
  if (found.id_no) facts.push(found.id_no);
  if (found.born) facts.push(t("explore.born", { year: found.born }));
  if (found.county) facts.push(found.county);
  if (found.detail) facts.push(found.detail);
  if (found.leads.length) facts.push(t("explore.lead_count", { count: found.leads.length }));
  return facts.join(" · ");
}

const KINDS = { person: "explore.kind_person", organization: "explore.kind_organization",
                case: "explore.kind_case", lead: "explore.kind_lead" };

export class SearchBox {
  /** kinds: which results to offer (all by default); onPick(found) when one is chosen. */
  constructor(input, dropdown, onPick, kinds = null) {
    this.input = input;
    this.dropdown = dropdown;
    this.onPick = onPick;
    this.kinds = kinds;
    this.results = [];
    const run = debounce(() => this.search().catch(() => {}), 150);
    input.addEventListener("input", run);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.search().then(() => this.results[0] && this.pick(this.results[0])).catch(() => {});
      } else if (event.key === "Escape") {
        this.dropdown.hidden = true;
      }
    });
    document.addEventListener("click", (event) => {
      if (!dropdown.contains(event.target) && event.target !== input) dropdown.hidden = true;
    });
  }

  async search() {
    const text = this.input.value.trim();
    if (!text) {
      this.dropdown.hidden = true;
      return;
    }
    const found = await api(`/api/search?${query({ q: text })}`);
    if (text !== this.input.value.trim()) return; // typed on meanwhile
    this.results = found.filter((f) => !this.kinds || this.kinds.includes(f.kind));
    fill(this.dropdown, this.results.length
      ? this.results.map((f) => el("li", { class: `result ${f.kind}`, tabindex: 0, dataset: { kind: f.kind },
          onclick: () => this.pick(f), onkeydown: (event) => { if (event.key === "Enter") this.pick(f); } },
          el("span", { class: "kind" }, t(KINDS[f.kind])), " ",
          el("strong", {}, f.kind === "lead" ? `${f.short} ${f.name}` : f.name),
          f.exact ? null : el("span", { class: "muted" }, ` ${t("explore.name_starts")}`),
          el("div", { class: "muted" }, describe(f))))
      : [el("li", { class: "none muted" }, t("explore.nothing_found"))]);
    this.dropdown.dataset.query = text; // what the results shown are for
    this.dropdown.hidden = false;
  }

  pick(found) {
    this.dropdown.hidden = true;
    this.onPick(found);
  }
}

// The explorer's page: search, the lead list, a lead's dossier and graph, paths, decisions,
// exports. Addresses: #/lead/<id> opens a lead, #/node/<handle> a node's neighbourhood.
"use strict";

import { GraphView, noteFor } from "./graph.js";
import { LeadList } from "./leads.js";
import { renderDetails, renderDossier } from "./panels.js";
import { SearchBox } from "./search.js";
import { api, busy, download, el, fill, onNewRun, showError, t } from "./util.js";

const $ = (id) => document.getElementById(id);
const state = { run: null, lead: null, pathFrom: null, pathTo: null, selected: null };

function tab(group, name) {
  for (const button of document.querySelectorAll(`[data-${group}]`)) {
    button.classList.toggle("active", button.dataset[group] === name);
  }
  for (const section of document.querySelectorAll(group === "tab" ? "#side .tab" : "#panel .panel")) {
    section.hidden = section.id !== `${group === "tab" ? "tab" : "panel"}-${name}`;
  }
}

const graph = new GraphView($("graph"), {
  onSelect(node) {
    state.selected = node ? node.id : null;
    renderDetails($("panel-details"), node, actions);
    if (node) tab("panel", "details");
  },
  onChange({ error, note }) {
    if (error) showError(error);
    $("undo").disabled = graph.undoStack.length === 0;
    $("view-title").textContent = graph.title;
    if (note !== undefined) $("graph-note").textContent = note || "";
    if (state.selected && graph.node(state.selected)) renderDetails($("panel-details"), graph.node(state.selected), actions);
  },
});

const actions = {
  expansion: (id) => graph.expansions.get(id),
  expand: (id) => busy(() => graph.expand(id)),
  more: (id) => busy(() => graph.expand(id, { more: true })),
  collapse: (id) => graph.collapse(id),
  hide: (id) => graph.hide(id),
  pin: (id) => { graph.pin(id); renderDetails($("panel-details"), graph.node(id), actions); },
  pinned: (id) => graph.pinned.has(id),
  pathStart: () => state.pathFrom && state.pathFrom.id,
  pathFrom: (id) => { setPathEnd("from", { id, name: graph.node(id).data.label.replace("\n", " ") }); tab("tab", "path"); },
  pathTo: (id) => { setPathEnd("to", { id, name: graph.node(id).data.label.replace("\n", " ") }); findPath(); },
};

function setPathEnd(end, value) {
  state[end === "from" ? "pathFrom" : "pathTo"] = value;
  $(`path-${end}`).textContent = value ? value.name : "—";
  $("path-go").disabled = !(state.pathFrom && state.pathTo);
}

async function findPath() {
  if (!(state.pathFrom && state.pathTo)) return;
  tab("tab", "path");
  const hops = $("path-hops").value || 6;
  const found = await busy(() => api(`/api/path?from=${state.pathFrom.id}&to=${state.pathTo.id}&hops=${hops}`));
  if (!found) return;
  const onPath = new Set();
  const byEnds = new Map(found.edges.map((e) => [`${e.from}|${e.to}`, e.id]));
  for (const steps of found.paths) {
    for (const s of steps) onPath.add(byEnds.get(`${s.from}|${s.to}`));
  }
  graph.show(found, `${t("explore.path")}: ${state.pathFrom.name} — ${state.pathTo.name}`, { pathEdges: onPath });
  state.lead = null;
  fill($("path-result"),
    found.paths.length ? found.paths.map((steps, number) => el("div", { class: "path" },
      el("h4", {}, t("explore.path_number", { number: number + 1, count: steps.length })),
      el("ol", { class: "steps" }, steps.map((s) => el("li", {},
        el("strong", {}, s.from_name), ` —${s.role || s.type}→ `, el("strong", {}, s.to_name),
        s.table ? el("div", { class: "muted" }, `${s.table} · ${s.file} · ${t("page.row", { row: s.row })}`) : null)))))
      : el("p", { class: "muted" }, found.notes.join(" ") || t("explore.no_path")));
}

async function openLead(id) {
  const dossier = await busy(() => api(`/api/leads/${encodeURIComponent(id)}`));
  if (!dossier) return;
  state.lead = dossier.lead;
  renderDossier($("panel-dossier"), dossier, state.run.statuses, () => leads.load().catch(showError));
  tab("panel", "dossier");
  graph.show(dossier.graph, `${dossier.lead.short} · ${dossier.lead.title}`);
  $("graph-note").textContent = noteFor(dossier.graph);
  document.body.dataset.lead = dossier.lead.id;
}

async function openNode(handle) {
  const view = await busy(() => api(`/api/nodes/${encodeURIComponent(handle)}/neighbours?layout=1`));
  if (!view) return;
  const centre = view.nodes.find((n) => n.id === view.centre);
  graph.show(view, centre ? centre.label.replace("\n", " ") : "");
  state.lead = null;
  if (centre) graph.select(centre.id);
}

function route() {
  const [, kind, id] = location.hash.split("/");
  if (kind === "lead" && id) openLead(decodeURIComponent(id));
  else if (kind === "node" && id) openNode(decodeURIComponent(id));
}

async function exportView(kind) {
  const name = state.lead ? state.lead.short : "view";
  const body = { kind, name, title: graph.title, ...graph.visible() };
  if (kind === "png") {
    body.image = graph.png();
    delete body.nodes;
    delete body.edges;
    delete body.positions;
  }
  const written = await busy(() => api("/api/exports", { method: "POST", body }));
  if (written) {
    download(written.url, written.file);
    $("graph-note").textContent = t("explore.exported", { file: written.file });
  }
}

let leads;

async function start() {
  const run = await api("/api/run");
  state.run = run;
  $("run-info").textContent = [
    t("explore.as_of", { day: run.as_of }), t("explore.user", { user: run.user }),
    run.mask ? t("explore.masked") : t("report.unmasked"),
  ].join(" · ");
  leads = new LeadList(run);
  await leads.load();
  new SearchBox($("search"), $("search-results"), (found) => {
    location.hash = found.kind === "lead" ? `#/lead/${found.lead}` : `#/node/${found.node}`;
  });
  new SearchBox($("path-to-search"), $("path-to-results"), (found) => {
    setPathEnd("to", { id: found.node, name: found.name });
    if (!state.pathFrom) showError(t("explore.path_pick_start"));
    else findPath();
  }, ["person", "organization"]);
  for (const button of document.querySelectorAll("[data-tab]")) button.addEventListener("click", () => tab("tab", button.dataset.tab));
  for (const button of document.querySelectorAll("[data-panel]")) button.addEventListener("click", () => tab("panel", button.dataset.panel));
  $("undo").addEventListener("click", () => graph.undo());
  $("tidy").addEventListener("click", () => busy(() => graph.tidy()));
  $("fit").addEventListener("click", () => graph.fit());
  $("show-hidden").addEventListener("click", () => graph.showHidden());
  $("path-go").addEventListener("click", () => findPath());
  $("print").addEventListener("click", () => window.print());
  for (const kind of ["png", "html", "xlsx"]) $(`export-${kind}`).addEventListener("click", () => exportView(kind));
  const range = () => graph.setRange($("date-from").value, $("date-to").value);
  $("date-from").addEventListener("change", range);
  $("date-to").addEventListener("change", range);
  $("date-reset").addEventListener("click", () => { $("date-from").value = ""; $("date-to").value = ""; range(); });
  $("banner-reload").addEventListener("click", () => location.reload());
  // The graph on paper: the whole view, at the size the printed page gives it.
  window.addEventListener("beforeprint", () => { graph.network.redraw(); graph.fit(); });
  window.addEventListener("afterprint", () => { graph.network.redraw(); graph.fit(); });
  onNewRun(() => {
    $("banner-text").textContent = t("explore.new_run");
    $("banner").hidden = false;
  });
  window.addEventListener("hashchange", route);
  route();
  document.body.dataset.ready = "true";
}

window.xiansuo = { graph, state };
start().catch(showError);

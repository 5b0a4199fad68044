// The Cypher editor: a textarea over a copy of its text, highlighted token by token, with
// the findings of the checks underlined and completion of the graph's labels, relationship
// types, properties (with their source columns' names) and an enum property's values.
"use strict";

import { el, fill } from "./util.js";

const KEYWORDS = new Set(`MATCH OPTIONAL WHERE RETURN WITH DISTINCT AS AND OR XOR NOT IN IS NULL
  ORDER BY ASC DESC SKIP LIMIT UNWIND CASE WHEN THEN ELSE END STARTS ENDS CONTAINS EXISTS TRUE
  FALSE CALL YIELD UNION ALL COUNT CREATE MERGE DELETE DETACH SET REMOVE FOREACH LOAD CSV ON`
  .split(/\s+/));
const SUGGESTED = ["MATCH", "OPTIONAL MATCH", "WHERE", "RETURN", "RETURN DISTINCT", "WITH", "AND",
  "OR", "NOT", "IN", "IS NULL", "IS NOT NULL", "ORDER BY", "UNWIND", "coalesce(", "count(", "exists {"];
// One token at a time; the order of the alternatives is the order they are tried in.
const TOKEN = /(\/\/[^\n]*)|('(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?)|(\$[A-Za-z_][\w]*)|(\d+(?:\.\d+)?)|(`[^`\n]*`?|[A-Za-z_][\w]*)|(\s+)|(.)/gsy;

/** The text's tokens: {kind, text, at}; a name after ":" is a label or type, after "." a property. */
export function tokens(text, vocabulary) {
  const found = [];
  TOKEN.lastIndex = 0;
  let match;
  let previous = null; // the last token that is not white space
  while ((match = TOKEN.exec(text)) !== null) {
    const [whole, comment, string, parameter, number, name, space] = match;
    let kind = "plain";
    if (comment) kind = "comment";
    else if (string) kind = "string";
    else if (parameter) kind = "parameter";
    else if (number) kind = "number";
    else if (name) {
      const bare = name.replace(/`/g, "");
      if (previous && previous.text === ":") {
        kind = vocabulary.labels.has(bare) ? "label" : vocabulary.types.has(bare) ? "type" : "unknown";
      } else if (previous && previous.text === ".") kind = "property";
      else if (KEYWORDS.has(name.toUpperCase())) kind = "keyword";
      else if (text[TOKEN.lastIndex] === "(") kind = "function";
    } else if (space) kind = "space";
    const token = { kind, text: whole, at: match.index };
    found.push(token);
    if (kind !== "space") previous = token;
  }
  return found;
}

/** Which labels each variable is written with: `(p:Person)`, `[r:PARTY_IN]`. */
function variableLabels(text) {
  const labels = new Map();
  for (const [, variable, label] of text.matchAll(/[([]\s*([A-Za-z_]\w*)\s*:\s*([A-Za-z_]\w*)/g)) {
    if (!labels.has(variable)) labels.set(variable, new Set());
    labels.get(variable).add(label);
  }
  return labels;
}

export class CypherEditor {
  /** vocabulary: the server's {labels, types, properties} (``GET /api/workbench``). */
  constructor(textarea, highlight, list, vocabulary, { onChange, onRun }) {
    Object.assign(this, { textarea, highlight, list, onChange, onRun });
    this.vocabulary = {
      ...vocabulary,
      labels: new Set(vocabulary.labels.map((l) => l.name)),
      types: new Set(vocabulary.types.map((t) => t.name)),
    };
    this.raw = vocabulary;
    this.findings = [];
    this.choices = [];
    this.active = 0;
    textarea.addEventListener("input", () => { this.render(); this.complete(false); this.onChange(this.value); });
    textarea.addEventListener("scroll", () => this.sync());
    textarea.addEventListener("keydown", (event) => this.key(event));
    textarea.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    textarea.addEventListener("click", () => this.close());
    this.render();
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.render();
    this.onChange(text);
  }

  /** Underline the findings ({at, severity}) of the text they were found in. */
  mark(findings) {
    this.findings = findings;
    this.render();
  }

  /** Put the caret at a character offset. */
  focusAt(offset) {
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset);
  }

  sync() {
    this.highlight.scrollTop = this.textarea.scrollTop;
    this.highlight.scrollLeft = this.textarea.scrollLeft;
  }

  /** The highlighted copy; with caret, an empty marker where the caret is (to place the list). */
  render(caret = null) {
    const text = this.textarea.value;
    const marked = new Map(this.findings.map((f) => [f.at, f.severity]));
    const spans = [];
    for (const token of tokens(text, this.vocabulary)) {
      if (caret !== null && caret >= token.at && caret < token.at + token.text.length) {
        const cut = caret - token.at;
        spans.push(this.span(token, token.text.slice(0, cut), marked), el("span", { class: "caret" }));
        spans.push(this.span({ ...token, at: caret }, token.text.slice(cut), marked));
      } else spans.push(this.span(token, token.text, marked));
    }
    if (caret !== null && caret >= text.length) spans.push(el("span", { class: "caret" }));
    // A last newline shows as a line only when something follows it.
    fill(this.highlight, spans, "\n");
    this.sync();
  }

  span(token, text, marked) {
    const classes = [`tok-${token.kind}`];
    const severity = marked.get(token.at);
    if (severity) classes.push(`diag-${severity}`);
    return el("span", { class: classes.join(" ") }, text);
  }

  // --- completion ------------------------------------------------------------------------

  /** What may be typed at the caret: the word being typed and the choices for it. */
  context() {
    const text = this.textarea.value;
    const caret = this.textarea.selectionStart;
    const before = text.slice(0, caret);
    // A text after `v.prop = '` (or `IN ['…', '`), or after `prop: '` in a pattern's map.
    const compared = before.match(/([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*(?:=|<>|IN\s*\[)\s*(?:'[^']*',\s*)*'([^']*)$/i);
    if (compared) {
      const labels = variableLabels(text).get(compared[1]) || new Set();
      return { start: caret - compared[3].length, word: compared[3], choices: this.values(labels, compared[2]) };
    }
    const keyed = before.match(/:\s*([A-Za-z_]\w*)\s*\{[^{}]*?\b([A-Za-z_]\w*)\s*:\s*'([^']*)$/);
    if (keyed) {
      return { start: caret - keyed[3].length, word: keyed[3], choices: this.values(new Set([keyed[1]]), keyed[2]) };
    }
    const word = before.match(/[A-Za-z_]\w*$/);
    const start = caret - (word ? word[0].length : 0);
    const typed = word ? word[0] : "";
    const mark = text.slice(0, start).match(/([A-Za-z_]\w*)?\s*([:.])\s*$/);
    if (mark && mark[2] === ":") return { start, word: typed, choices: this.names(text, start) };
    if (mark && mark[2] === "." && mark[1]) return { start, word: typed, choices: this.properties(mark[1], text) };
    return { start, word: typed, choices: typed ? SUGGESTED.map((k) => ({ name: k, title: "" })) : [] };
  }

  names(text, at) {
    // In [r:…] a relationship type, in (n:…) a label: the nearest opening bracket says which.
    const opening = Math.max(text.lastIndexOf("(", at), text.lastIndexOf("[", at));
    const relationship = opening >= 0 && text[opening] === "[";
    const shown = relationship ? this.raw.types : this.raw.labels;
    return shown.map((n) => ({ name: n.name, title: n.title }));
  }

  properties(variable, text) {
    const labels = variableLabels(text).get(variable) || new Set();
    const found = [];
    for (const property of this.raw.properties) {
      const owners = property.owners.filter((o) => labels.size === 0 || labels.has(o.owner));
      if (labels.size && !owners.length) continue;
      const titles = [...new Set(owners.map((o) => o.title))];
      found.push({ name: property.name, title: titles.join(" / ") });
    }
    return found;
  }

  values(labels, prop) {
    const property = this.raw.properties.find((p) => p.name === prop);
    if (!property) return [];
    const values = new Set();
    for (const owner of property.owners) {
      if (labels.size === 0 || labels.has(owner.owner)) for (const v of owner.values) values.add(v);
    }
    return [...values].map((v) => ({ name: v, title: "" }));
  }

  /** The source column's name of each `v.prop AS column` of the text. */
  columnTitles() {
    const text = this.textarea.value;
    const labels = variableLabels(text);
    const titles = {};
    for (const [, variable, prop, column] of text.matchAll(/\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s+AS\s+([A-Za-z_]\w*)/gi)) {
      const property = this.raw.properties.find((p) => p.name === prop);
      const owned = labels.get(variable) || new Set();
      const owner = property && property.owners.find((o) => owned.has(o.owner));
      if (owner) titles[column] = owner.title;
    }
    return titles;
  }

  /** Open (or update) the list: while a word is typed, after ":", "." or a quote, or on
   * Ctrl+Space. */
  complete(force) {
    const { start, word, choices } = this.context();
    const after = force || word.length > 0 || /[:.']/.test(this.textarea.value[start - 1] || "");
    const wanted = word.toLowerCase();
    const shown = choices.filter((c) => c.name.toLowerCase().startsWith(wanted) && c.name !== word);
    if (!after || !shown.length) return this.close();
    this.choices = shown.slice(0, 200);
    this.start = start;
    this.active = 0;
    this.draw();
  }

  draw() {
    fill(this.list, this.choices.map((c, i) => el("li", {
      role: "option", class: i === this.active ? "active" : "", dataset: { name: c.name },
      onmousedown: (event) => { event.preventDefault(); this.accept(i); },
    }, el("span", { class: "name" }, c.name), el("span", { class: "title" }, c.title))));
    this.render(this.textarea.selectionStart);
    const marker = this.highlight.querySelector(".caret");
    const box = this.highlight.getBoundingClientRect();
    const at = marker.getBoundingClientRect();
    this.list.style.left = `${Math.max(0, at.left - box.left)}px`;
    this.list.style.top = `${at.bottom - box.top + 2}px`;
    this.list.hidden = false;
    const active = this.list.children[this.active];
    if (active) active.scrollIntoView({ block: "nearest" });
  }

  close() {
    if (this.list.hidden) return;
    this.list.hidden = true;
    this.render();
  }

  accept(index) {
    const choice = this.choices[index];
    const text = this.textarea.value;
    const caret = this.textarea.selectionStart;
    const name = choice.name;
    this.textarea.value = text.slice(0, this.start) + name + text.slice(caret);
    const end = this.start + name.length;
    this.textarea.setSelectionRange(end, end);
    this.list.hidden = true;
    this.render();
    this.onChange(this.textarea.value);
  }

  key(event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.close();
      this.onRun();
      return;
    }
    if (event.key === " " && event.ctrlKey) {
      event.preventDefault();
      this.complete(true);
      return;
    }
    if (this.list.hidden) return; // Tab moves on to the next field: the editor is no trap
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in moves) {
      event.preventDefault();
      this.active = (this.active + moves[event.key] + this.choices.length) % this.choices.length;
      this.draw();
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      this.accept(this.active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    }
  }
}

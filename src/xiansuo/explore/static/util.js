// What every part of the page shares: texts, building DOM from data, talking to the server.
// Data is only ever put into the page as text (textContent), never parsed as HTML.
"use strict";

const TEXTS = JSON.parse(document.getElementById("texts").textContent);
const CSRF = document.querySelector('meta[name="xiansuo-csrf"]').content;

/** The catalogue's text for key, with {name} fields filled in from values. */
export function t(key, values = {}) {
  const template = TEXTS[key];
  if (template === undefined) throw new Error(`no text ${key}`);
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** An element with attributes and children (texts become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace a container's content. */
export function fill(container, ...children) {
  container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  return container;
}

let runSeen = null;
const runListeners = [];

/** Called with the run's id when the server answers from another run than before. */
export function onNewRun(listener) {
  runListeners.push(listener);
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** A JSON request to the explorer's API; a change carries the page's CSRF token. */
export async function api(path, { method = "GET", body } = {}) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.headers["X-Xiansuo-CSRF"] = CSRF;
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const run = response.headers.get("X-Xiansuo-Run");
  if (run) {
    if (runSeen !== null && run !== runSeen) for (const listener of runListeners) listener(run);
    runSeen = run;
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.error || response.statusText);
  return data;
}

export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, value);
  }
  return search.toString();
}

/** Call fn once calls have stopped for ms milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Start downloading a file the server wrote (an export). */
export function download(url, name) {
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

let working = 0;

/** Run ``work`` with the page marked busy (body[data-busy], which the tests wait on) until
 * every piece of work under way has ended; an error is shown, and the answer is null. */
export async function busy(work) {
  working += 1;
  document.body.dataset.busy = "true";
  try {
    return await work();
  } catch (error) {
    showError(error);
    return null;
  } finally {
    working -= 1;
    if (!working) delete document.body.dataset.busy;
  }
}

/** Show an error to the user, in words (never a dialog). */
export function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

/** A table of [name, value] rows. */
export function rowsTable(rows, className = "rows") {
  return el("table", { class: className },
    el("tbody", {}, rows.map(([name, value]) => el("tr", {}, el("th", {}, name), el("td", {}, value)))));
}

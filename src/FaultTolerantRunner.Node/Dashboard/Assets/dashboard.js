// FTR dashboard actions. Every state change goes to the node's own API (/api/...) under the API's rules: the operator
// key, when this tab has one, is sent in the X-Api-Key header (kept in sessionStorage, never in a URL); a 401 opens the
// key prompt and the call is sent again with the key given. No build step, no dependencies besides htmx for live regions.
(function () {
  "use strict";
  const keyName = "ftr-api-key";

  function storedKey() {
    try { return sessionStorage.getItem(keyName); } catch { return null; }
  }

  function storeKey(key) {
    try { key ? sessionStorage.setItem(keyName, key) : sessionStorage.removeItem(keyName); } catch { /* storage off: key lives for this call only */ }
  }

  function show(id, text) {
    const box = document.getElementById(id);
    if (!box) return;
    box.textContent = "";
    if (text === null) { box.hidden = true; return; }
    if (typeof text === "string") box.textContent = text; else box.appendChild(text);
    box.hidden = false;
  }

  function problemNode(problem, status) {
    const wrap = document.createElement("div");
    const head = document.createElement("strong");
    head.textContent = (problem && problem.message) || ("the request failed with status " + status);
    wrap.appendChild(head);
    if (problem && problem.code) {
      const code = document.createElement("code");
      code.textContent = " " + problem.code;
      wrap.appendChild(code);
    }
    const actions = (problem && problem.suggestedActions) || [];
    if (actions.length) {
      const list = document.createElement("ul");
      for (const a of actions) { const li = document.createElement("li"); li.textContent = a; list.appendChild(li); }
      wrap.appendChild(list);
    }
    return wrap;
  }

  function dialogResult(dialog) {
    return new Promise(resolve => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  async function confirmAction(text) {
    const dialog = document.getElementById("ftr-confirm-dialog");
    if (!dialog) return true;
    document.getElementById("ftr-confirm-text").textContent = text;
    return (await dialogResult(dialog)) === "ok";
  }

  // Opens the key prompt; resolves to the key entered, or null when the operator cancels.
  async function askKey(reason) {
    const dialog = document.getElementById("ftr-key-dialog");
    if (!dialog) return null;
    const input = document.getElementById("ftr-key-input");
    document.getElementById("ftr-key-reason").textContent = reason || "This node asks for its operator API key to change state.";
    input.value = "";
    const answer = await dialogResult(dialog);
    if (answer === "forget") { storeKey(null); return null; }
    if (answer !== "ok" || !input.value) return null;
    storeKey(input.value.trim());
    return input.value.trim();
  }

  async function send(method, url, body) {
    for (let round = 0; round < 3; round++) {
      const headers = { "Accept": "application/json" };
      if (body) headers["Content-Type"] = "application/json";
      const key = storedKey();
      if (key) headers["X-Api-Key"] = key;
      const response = await fetch(url, { method, headers, body: body || undefined, credentials: "same-origin" });
      if (response.status !== 401) return response;
      // A clone: when the operator gives up, the caller reports this same response and reads its body again.
      const problem = await response.clone().json().catch(() => null);
      const entered = await askKey((problem && problem.message) || "This action needs the operator API key.");
      if (!entered) return response;
    }
    return null;
  }

  function refresh(then) {
    if (then && then !== "refresh" && then !== "reload") { window.location.assign(then); return; }
    const live = document.querySelectorAll("[data-live]");
    if (then === "reload" || live.length === 0 || !window.htmx) { window.location.reload(); return; }
    for (const region of live) {
      // Marked so the pause below lets this one through: the operator just acted and expects to see the result.
      region.setAttribute("data-refresh-now", "");
      htmx.ajax("GET", region.getAttribute("hx-get"), { source: region, target: "#" + region.id, select: "#" + region.id, swap: "outerHTML" });
    }
  }

  async function report(responses) {
    const failed = responses.filter(r => !r || !r.ok);
    if (failed.length === 0) return true;
    const first = failed[0];
    if (!first) { show("ftr-alert", "the request could not be sent"); return false; }
    const problem = await first.json().catch(() => null);
    const node = problemNode(problem, first.status);
    if (responses.length > 1) node.insertBefore(document.createTextNode(failed.length + " of " + responses.length + " calls failed; the first: "), node.firstChild);
    show("ftr-alert", node);
    return false;
  }

  // One action at a time: a second click (or the fresh copy of a button a refresh swapped in) waits for the first.
  let busy = false;

  async function runAction(button) {
    if (busy) { show("ftr-status", "an action is still running"); return; }
    const method = button.dataset.method || "POST";
    const selection = button.dataset.selection;
    let urls = [button.dataset.url];
    if (selection) {
      const ids = [...document.querySelectorAll('input[name="' + selection + '"]:checked')].map(i => i.value);
      if (ids.length === 0) { show("ftr-alert", "select at least one row first"); return; }
      urls = ids.map(id => button.dataset.url.replace("{id}", encodeURIComponent(id)));
    }
    const confirmText = button.dataset.confirm;
    if (confirmText && !(await confirmAction(confirmText.replace("{n}", String(urls.length))))) return;
    show("ftr-alert", null);
    button.disabled = true;
    busy = true;
    try {
      const responses = [];
      for (const url of urls) {
        const response = await send(method, url, button.dataset.body || null);
        responses.push(response);
        // The operator declined the key prompt: the other rows would be refused the same way.
        if (response && response.status === 401) break;
      }
      if (await report(responses)) {
        if (selection) for (const box of document.querySelectorAll('input[name="' + selection + '"]:checked')) box.checked = false;
        show("ftr-status", (button.textContent || "done").trim() + ": done" + (urls.length > 1 ? " (" + urls.length + " tasks)" : ""));
        refresh(button.dataset.then);
      }
    } catch (e) {
      show("ftr-alert", "the request could not be sent: " + e.message);
    } finally {
      busy = false;
      button.disabled = false;
    }
  }

  // <form data-ftr-form data-method data-url="/api/x/{field}">: fields become a JSON body (data-json="number" for numbers);
  // {name} in the URL takes that field's value instead.
  async function runForm(form) {
    const body = {};
    let url = form.dataset.url;
    for (const field of form.elements) {
      if (!field.name || field.disabled || field.value === "") continue;
      const token = "{" + field.name + "}";
      if (url.includes(token)) { url = url.replace(token, encodeURIComponent(field.value)); continue; }
      body[field.name] = field.dataset.json === "number" ? Number(field.value) : field.value;
    }
    const confirmText = form.dataset.confirm;
    if (confirmText && !(await confirmAction(confirmText))) return;
    if (busy) { show("ftr-status", "an action is still running"); return; }
    show("ftr-alert", null);
    busy = true;
    try {
      const response = await send(form.dataset.method || "POST", url, JSON.stringify(body));
      if (await report([response])) {
        show("ftr-status", (form.dataset.done || "done"));
        refresh(form.dataset.then);
      }
    } finally {
      busy = false;
    }
  }

  document.addEventListener("click", event => {
    const action = event.target.closest("[data-ftr-action]");
    if (action) { event.preventDefault(); runAction(action); return; }
    if (event.target.closest("[data-ftr-key]")) { event.preventDefault(); askKey(null); return; }
    const all = event.target.closest("[data-select-all]");
    if (all) for (const box of document.querySelectorAll('input[name="' + all.dataset.selectAll + '"]')) box.checked = all.checked;
  });

  document.addEventListener("submit", event => {
    const form = event.target.closest("form[data-ftr-form]");
    if (!form) return;
    event.preventDefault();
    runForm(form).catch(e => show("ftr-alert", "the request could not be sent: " + e.message));
  });

  // A live refresh waits while the operator is busy in the region, so it never swaps away a choice: a dialog open, an
  // action running, rows ticked, a keyboard focus on one of its links or buttons, or text selected in it.
  function operatorInside(region) {
    if (document.querySelector("dialog[open]") || busy) return true;
    if (region.querySelector("input[type=checkbox]:checked:not([data-select-all])")) return true;
    const focused = document.activeElement;
    if (focused && focused !== document.body && region.contains(focused) && focused.matches(":focus-visible")) return true;
    const selection = window.getSelection();
    return !!(selection && !selection.isCollapsed && region.contains(selection.anchorNode));
  }

  document.addEventListener("htmx:beforeRequest", event => {
    const region = event.detail.elt;
    if (!region || !region.hasAttribute || !region.hasAttribute("data-live")) return;
    if (region.hasAttribute("data-refresh-now")) { region.removeAttribute("data-refresh-now"); return; }
    if (operatorInside(region)) event.preventDefault();
  });

  // A live refresh replaces the region's HTML: a <details id> the reader opened stays open in the new content.
  let openDetails = [];
  document.addEventListener("htmx:beforeSwap", () => {
    openDetails = [...document.querySelectorAll("[data-live] details[open][id]")].map(d => d.id);
  });
  document.addEventListener("htmx:afterSwap", () => {
    for (const id of openDetails) { const d = document.getElementById(id); if (d) d.open = true; }
  });
})();

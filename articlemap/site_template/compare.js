/* articlemap: a comparison of accounts, static. Every text from the data becomes a text node
   (render.js el(), never parsed as HTML); colours come from the app's fixed list. */
(function () {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script, not a module
  "use strict";
  var data = window.ARTICLEMAP_COMPARISON;

  // The shared renderer's el() (articlemap/web/render.js, put in front of this file by
  // compare_site.py): data become text nodes, never HTML.
  var el = window.articlemapRender.el;

  function accountHead(account) {
    var head = el("div", "cmp-head");
    head.style.borderLeftColor = account.colour;
    var mark = el("span", "cmp-mark", [account.mark]);
    mark.style.color = account.colour;
    mark.setAttribute("aria-hidden", "true");
    head.appendChild(mark);
    head.appendChild(el("span", "cmp-head-label", [account.label]));
    return head;
  }

  function missing(account) {
    var empty = el("div", "cmp-event cmp-empty");
    empty.appendChild(accountHead(account));
    empty.appendChild(el("p", "cmp-missing", [account.missing]));
    return empty;
  }

  function eventBlock(event, account) {
    var box = el("article", "cmp-event");
    box.appendChild(accountHead(account));
    box.appendChild(el("p", "cmp-date", [event.date]));
    box.appendChild(el("p", "cmp-date-line", [event.date_line]));
    box.appendChild(el("h3", "cmp-title", [event.title]));
    var quote = el("blockquote", "cmp-quote");
    quote.appendChild(el("em", "cmp-said", [event.said_by + " "]));
    quote.appendChild(document.createTextNode("\u201c" + event.quote + "\u201d"));
    box.appendChild(quote);
    if (event.places.length) {
      box.appendChild(el("p", "cmp-places", ["Places: " + event.places.join(", ")]));
    }
    event.notes.forEach(function (line) {
      box.appendChild(el("p", "cmp-note", [line]));
    });
    return box;
  }

  function render() {
    document.getElementById("summary").textContent = data.summary;
    var legend = document.getElementById("accounts");
    data.accounts.forEach(function (account) {
      var item = el("li", "cmp-account");
      item.appendChild(accountHead(account));
      item.appendChild(el("p", "cmp-perspective", [account.perspective]));
      legend.appendChild(item);
    });
    var list = document.getElementById("cmp-rows");
    data.rows.forEach(function (row, n) {
      var item = el("li", "cmp-row cmp-row-" + row.kind);
      item.setAttribute("data-row", String(n + 1));
      if (row.lone) item.appendChild(el("p", "cmp-lone", [row.lone]));
      var cols = el("div", "cmp-cols");
      cols.style.setProperty("--cmp-n", String(data.accounts.length));
      row.events.forEach(function (event, i) {
        cols.appendChild(event ? eventBlock(event, data.accounts[i]) : missing(data.accounts[i]));
      });
      item.appendChild(cols);
      row.pairs.forEach(function (pair) {
        var why = el("div", "cmp-why" + (pair.disagree ? " cmp-disagree" : ""));
        why.appendChild(el("p", "cmp-why-line", [pair.why]));
        pair.lines.forEach(function (line) {
          why.appendChild(el("p", "cmp-diff", [line]));
        });
        item.appendChild(why);
      });
      list.appendChild(item);
    });
    document.documentElement.setAttribute("data-ready", "true");
  }

  render();
})();

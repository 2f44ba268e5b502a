// Loa: the portal's search, in the header box where Material sites put it. It reads Loa's own
// index (loa/search/index.py): the index file, then only the word lists and records a query
// needs. Queries are split and folded exactly as loa/search/terms.py splits and folds the
// pages: without diacritics a query matches every spelling ("duong" finds "đường"); with
// them it prefers the words spelled as typed. Every text from the index is shown as text.
(() => {
  "use strict";

  const RESULTS_PER_PAGE = 10;
  const MAX_EXPANSIONS = 3; // words a last, unfinished word may be the start of
  const UNFINISHED = 0.6; // a word the typed one is the start of, against the word itself
  const MISSPELT = 0.2; // a spelling other than the one typed with diacritics
  const NUMBER_BOOST = 4; // a document whose number is the one typed

  const script = document.currentScript;
  const input = document.querySelector(".loa-search .md-search__input");
  if (!script || !input) return;
  const indexBase = new URL("../search/", script.src); // assets/javascripts/ -> assets/search/
  const siteRoot = new URL("../../", indexBase);
  const root = input.closest(".loa-search");
  const form = input.form;
  const toggle = document.getElementById("__search");
  const status = root.querySelector("#loa-search-status");
  const list = root.querySelector("#loa-search-results");
  const filters = root.querySelector(".loa-search-filters");
  const kindSelect = filters.querySelector("select[name=loai]");
  const yearSelect = filters.querySelector("select[name=nam]");
  const more = root.querySelector(".loa-search-more");

  // ------------------------------------------------------------------ words, as terms.py
  const WORD = /[\p{L}\p{N}]+/gu;
  const NUMBER = /\d+(?:\/[\p{L}\p{N}](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}])?)+/gu;
  const words = (text) => text.normalize("NFC").toLowerCase().match(WORD) || [];
  const wordKey = (word) =>
    word.replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D").normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  const numberKey = (number) => words(number).map(wordKey).join("");
  // Document numbers, as terms.py's numbers_in: a date such as 02/11/2021 has no letter.
  const numbersIn = (text) => (text.normalize("NFC").match(NUMBER) || []).filter((number) => /\p{L}/u.test(number));
  const shardOf = (key) => Array.from(key).slice(0, 2).join("");

  // The same split and fold as the index, for a test to compare with Python's.
  window.loaSearchTerms = (text) => ({
    words: words(text),
    keys: words(text).map(wordKey),
    numbers: numbersIn(text).map(numberKey),
  });

  // ------------------------------------------------------------------ the index's parts
  const parts = new Map();
  const fetchPart = (name, revalidate = false) => {
    if (!parts.has(name)) {
      const request = fetch(new URL(name, indexBase), revalidate ? { cache: "no-cache" } : {}).then((response) => {
        if (!response.ok) throw new Error(`${name}: ${response.status}`);
        return response.json();
      });
      request.catch(() => parts.delete(name)); // a failed part is fetched again next time
      parts.set(name, request);
    }
    return parts.get(name);
  };
  let loaded = null;
  const loadIndex = () => {
    loaded ??= fetchPart("index.json", true).then(async (meta) => {
      const facets = await fetchPart(meta.facets);
      const years = [];
      for (const [year, count] of facets.years) for (let i = 0; i < count; i++) years.push(year);
      fillFilters(meta, facets.kinds, years);
      return { meta, kinds: facets.kinds, years };
    });
    loaded.catch(() => (loaded = null));
    return loaded;
  };

  // Every key a query word stands for: itself, and for the last word, which the reader may
  // still be typing, the most frequent words it is the start of.
  const expansions = async (meta, key, unfinished) => {
    const shardName = meta.shards[shardOf(key)];
    if (!shardName) return [];
    const shard = await fetchPart(shardName);
    const found = shard[key] ? [[key, 1]] : [];
    if (unfinished && Array.from(key).length >= 2) {
      const longer = Object.keys(shard)
        .filter((other) => other !== key && other.startsWith(key))
        .sort((a, b) => shard[b][0] - shard[a][0])
        .slice(0, MAX_EXPANSIONS);
      for (const other of longer) found.push([other, UNFINISHED]);
    }
    return Promise.all(
      found.map(async ([other, factor]) => {
        const [frequency, lists] = shard[other];
        return { key: other, factor, frequency, spellings: typeof lists === "string" ? await fetchPart(lists) : lists };
      }),
    );
  };

  // A spelling honours what the reader typed with diacritics: "đường" is not "dương".
  const spellingFactor = (typed, key, spelling) => {
    if (typed === key) return 1;
    const letters = Array.from(typed);
    const spelt = Array.from(spelling);
    for (let i = 0; i < letters.length; i++) {
      if (letters[i] !== wordKey(letters[i]) && letters[i] !== spelt[i]) return MISSPELT;
    }
    return 1;
  };

  const addScores = (scores, found, typed, documents) => {
    for (const { key, factor, frequency, spellings } of found) {
      const rarity = Math.log(1 + documents / frequency);
      for (const [spelling, flat] of Object.entries(spellings)) {
        const weight = factor * rarity * (typed === null ? 1 : spellingFactor(typed, key, spelling));
        let id = 0;
        for (let i = 0; i < flat.length; i += 2) {
          id += flat[i];
          const score = flat[i + 1] * weight;
          if (!(scores.get(id) >= score)) scores.set(id, score);
        }
      }
    }
  };

  const search = async (query) => {
    const { meta } = await loadIndex();
    const typed = words(query);
    const numbers = numbersIn(query).map(numberKey);
    const perWord = await Promise.all(
      typed.map(async (word, i) => {
        const scores = new Map();
        addScores(scores, await expansions(meta, wordKey(word), i === typed.length - 1), word, meta.documents);
        return scores;
      }),
    );
    const totals = new Map();
    for (const scores of perWord) {
      for (const [id, score] of scores) {
        const total = totals.get(id) || { id, score: 0, words: 0 };
        total.score += score;
        total.words += 1;
        totals.set(id, total);
      }
    }
    for (const key of numbers) {
      const scores = new Map();
      addScores(scores, await expansions(meta, key, true), null, meta.documents);
      for (const [id, score] of scores) {
        const total = totals.get(id);
        if (total) total.score += NUMBER_BOOST * score;
      }
    }
    const all = [...totals.values()];
    const complete = all.filter((total) => total.words === typed.length);
    const ranked = complete.length ? complete : all;
    ranked.sort((a, b) => b.words - a.words || b.score - a.score || a.id - b.id);
    return { ranked, complete: complete.length > 0 || !all.length, typed, numbers };
  };

  // ------------------------------------------------------------------ showing results
  const formatDate = (iso) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : "");
  const say = (kind, count) => {
    status.textContent = (status.dataset[kind] || "").replace("#", String(count));
  };

  const fillFilters = (meta, kinds, years) => {
    const counts = new Map();
    for (const kind of kinds) counts.set(kind, (counts.get(kind) || 0) + 1);
    // The kinds of documents, most frequent first (the index lists them as it first met them).
    const order = meta.kinds.map((_, index) => index).filter((index) => meta.kinds[index][0] !== "trang");
    order.sort((a, b) => (counts.get(b) || 0) - (counts.get(a) || 0) || meta.kinds[a][1].localeCompare(meta.kinds[b][1], "vi"));
    for (const index of order) kindSelect.append(new Option(meta.kinds[index][1], String(index)));
    for (const year of [...new Set(years)].filter(Boolean).sort((a, b) => b - a)) {
      yearSelect.append(new Option(String(year), String(year)));
    }
    filters.hidden = false;
  };

  // A text with the words of the query marked, as text nodes and <mark> elements only.
  const marked = (text, keys) => {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(WORD)) {
      const key = wordKey(match[0].toLowerCase());
      if (!keys.some(([wanted, unfinished]) => key === wanted || (unfinished && key.startsWith(wanted)))) continue;
      fragment.append(text.slice(last, match.index));
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      fragment.append(mark);
      last = match.index + match[0].length;
    }
    fragment.append(text.slice(last));
    return fragment;
  };

  // The passage where the most words of the query stand close together.
  const excerpt = (text, keys) => {
    const hits = [];
    for (const match of text.matchAll(WORD)) {
      const key = wordKey(match[0].toLowerCase());
      const which = keys.findIndex(([wanted, unfinished]) => key === wanted || (unfinished && key.startsWith(wanted)));
      if (which >= 0) hits.push([match.index, which]);
    }
    let first = -1;
    let best = 0;
    for (const [at] of hits) {
      const near = new Set(hits.filter(([other]) => other >= at && other < at + 160).map(([, which]) => which));
      if (near.size > best) [first, best] = [at, near.size];
    }
    let start = Math.max(0, first - 60);
    if (start > 0) start = text.indexOf(" ", start) + 1;
    let end = Math.min(text.length, start + 240);
    if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), start + 1);
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  };

  const record = async (meta, id) => {
    const part = await fetchPart(meta.records[Math.floor(id / meta.records_per_part)]);
    return part[id % meta.records_per_part];
  };

  const resultItem = (meta, [url, kind, number, date, title, text], keys) => {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    const target = new URL(url, siteRoot);
    link.href = target.origin === siteRoot.origin ? target.href : siteRoot.href; // only pages of this site
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset loa-search-result";
    const facts = document.createElement("p");
    facts.className = "loa-search-result__facts";
    const factsText = [meta.kinds[kind][1], number ? `Số ${number}` : "", formatDate(date)].filter(Boolean).join(" · ");
    facts.append(marked(factsText, keys));
    const heading = document.createElement("h2");
    heading.className = "loa-search-result__title";
    heading.append(marked(title, keys));
    const summary = document.createElement("p");
    summary.className = "loa-search-result__excerpt";
    summary.append(marked(excerpt(text, keys), keys));
    article.append(facts, heading, summary);
    link.append(article);
    item.append(link);
    return item;
  };

  let asked = 0; // the latest query: an older one that finishes later is not shown
  let shown = { ranked: [], at: 0, keys: [], query: "", filters: "|" };

  const showMore = async () => {
    const ask = asked;
    const { meta } = await loadIndex();
    const page = shown.ranked.slice(shown.at, shown.at + RESULTS_PER_PAGE);
    const records = await Promise.all(page.map((total) => record(meta, total.id)));
    if (ask !== asked) return;
    for (const found of records) list.append(resultItem(meta, found, shown.keys));
    shown.at += page.length;
    more.hidden = shown.at >= shown.ranked.length;
    // Which query and filters the list shows (tests and the benchmark wait for them).
    Object.assign(root.dataset, { shown: shown.query, filters: shown.filters });
    performance.mark("loa-search-shown");
  };

  const run = async () => {
    const ask = ++asked;
    const query = input.value;
    if (!words(query).length) {
      list.replaceChildren();
      more.hidden = true;
      say("placeholder");
      root.dataset.shown = query;
      return;
    }
    say("loading");
    try {
      const [{ kinds, years }, found] = await Promise.all([loadIndex(), search(query)]);
      if (ask !== asked) return;
      const kind = kindSelect.value;
      const year = yearSelect.value;
      const ranked = found.ranked.filter(
        (total) => (!kind || String(kinds[total.id]) === kind) && (!year || String(years[total.id]) === year),
      );
      const keys = found.typed.map((word, i) => [wordKey(word), i === found.typed.length - 1 && word.length > 1]);
      shown = { ranked, at: 0, keys, query, filters: `${kind}|${year}` };
      list.replaceChildren();
      say(!ranked.length ? "none" : found.complete ? "found" : "partial", ranked.length);
      await showMore();
    } catch (error) {
      if (ask === asked) say("failed");
      throw error;
    }
  };

  // ------------------------------------------------------------------ the box
  let pending = 0;
  const runSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(run, 120);
  };
  const open = () => {
    if (toggle && !toggle.checked) toggle.checked = true;
    loadIndex();
  };
  const close = () => {
    if (toggle) toggle.checked = false;
    input.blur();
  };
  input.addEventListener("focus", open);
  input.addEventListener("input", runSoon);
  kindSelect.addEventListener("change", run);
  yearSelect.addEventListener("change", run);
  more.querySelector("button").addEventListener("click", showMore);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pending);
    run().then(() => list.querySelector("a")?.focus());
  });
  form.addEventListener("reset", () => {
    setTimeout(run);
    input.focus();
  });
  toggle?.addEventListener("change", () => {
    if (toggle.checked) input.focus();
  });
  // Arrow keys move between the box and the results; Escape closes; "/" or "s" opens.
  root.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      close();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement && event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      input.focus();
    }
  });
})();

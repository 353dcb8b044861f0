// Sort and filter the index's table of cases in the browser, without a server.
// Without JavaScript the table is the same, complete and in file order: nothing here is needed
// to read it. Amounts are French ("15 000,00 €"), dates dd/mm/yyyy, "—" an empty cell.
"use strict";

function cellKey(text) {
  const value = text.replace(/[\s\u00a0\u202f]+/g, " ").trim();
  if (value === "" || value === "—") return { kind: 0, value: "" };
  const date = value.match(/^(\d{2})\/(\d{2})\/(\d{4})/);
  if (date) return { kind: 1, value: Number(date[3] + date[2] + date[1]) };
  const number = value.replace(/[ €*]/g, "").replace(",", ".");
  if (/^-?\d+(\.\d+)?$/.test(number)) return { kind: 1, value: Number(number) };
  return { kind: 2, value: value.toLocaleLowerCase("fr") };
}

function compareKeys(a, b) {
  if (a.kind !== b.kind) return a.kind - b.kind; // empty cells first, then figures, then words
  if (a.kind === 2) return a.value.localeCompare(b.value, "fr");
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

function matches(text, query) {
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase("fr");
  return fold(text).includes(fold(query.trim()));
}

function enhance(table) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const filter = document.createElement("input");
  filter.type = "search";
  filter.placeholder = "Filtrer les dossiers (débiteur, fichier, étape, état)…";
  filter.className = "filter";
  filter.setAttribute("aria-label", "Filtrer les dossiers");
  filter.addEventListener("input", () => {
    for (const row of rows) row.hidden = !matches(row.textContent, filter.value);
  });
  table.parentNode.insertBefore(filter, table);
  Array.from(table.tHead.rows[0].cells).forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of table.tHead.rows[0].cells) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const sorted = rows.slice().sort((a, b) => {
        const order = compareKeys(cellKey(a.cells[column].textContent), cellKey(b.cells[column].textContent));
        return ascending ? order : -order;
      });
      for (const row of sorted) body.appendChild(row);
    });
  });
}

if (typeof document !== "undefined") {
  document.addEventListener("DOMContentLoaded", () => {
    for (const table of document.querySelectorAll("table.cases")) enhance(table);
  });
}
if (typeof module !== "undefined") module.exports = { cellKey, compareKeys, matches };

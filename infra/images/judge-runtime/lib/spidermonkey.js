// The SpiderMonkey shell's input and output functions for programs run on Node.js, loaded with
// `node -r` before every JavaScript and TypeScript submission. Kattis and older judges ran
// JavaScript in the SpiderMonkey shell, where a program reads with readline() and writes with
// print(); on Node these names are otherwise undefined. A program that declares its own
// readline or print (or requires Node's 'readline' module under that name) shadows these.
"use strict";
const fs = require("fs");

let input = null; // stdin, read whole on the first call (judged runs read a file, not a terminal)
let position = 0;
let pending = [];
let pendingBytes = 0;

function flush() {
  if (pending.length === 0) return;
  const text = pending.join("");
  pending = [];
  pendingBytes = 0;
  let buffer = Buffer.from(text, "utf8");
  while (buffer.length > 0) {
    try {
      const written = fs.writeSync(1, buffer);
      buffer = buffer.subarray(written);
    } catch (error) {
      if (error.code !== "EAGAIN") throw error;
    }
  }
}

function emit(text) {
  pending.push(text);
  pendingBytes += text.length;
  if (pendingBytes >= 1 << 16) flush();
}

// Node's own writers must not overtake what print() has buffered.
const nodeWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = function (...args) {
  flush();
  return nodeWrite(...args);
};
process.on("exit", flush);

function show(value) {
  return typeof value === "string" ? value : String(value);
}

globalThis.readline = function readline() {
  if (input === null) {
    try {
      input = fs.readFileSync(0, "utf8");
    } catch (error) {
      input = "";
    }
  }
  if (position >= input.length) return null;
  let end = input.indexOf("\n", position);
  if (end < 0) end = input.length;
  let line = input.slice(position, end);
  position = end + 1;
  if (line.endsWith("\r")) line = line.slice(0, -1);
  return line;
};
globalThis.print = function print(...values) {
  emit(values.map(show).join(" ") + "\n");
};
globalThis.putstr = function putstr(...values) {
  emit(values.map(show).join(" "));
};
globalThis.write = globalThis.putstr;
globalThis.printErr = function printErr(...values) {
  process.stderr.write(values.map(show).join(" ") + "\n");
};

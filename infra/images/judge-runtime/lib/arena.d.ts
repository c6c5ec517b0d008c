// What a TypeScript submission may use besides the ECMAScript library: Node's module loader and
// process, and the SpiderMonkey-style input and output functions of spidermonkey.js.
declare function require(name: string): any;
declare var process: any;
declare var module: any;
declare var exports: any;
declare var Buffer: any;
declare var __dirname: string;
declare var __filename: string;
declare var console: {
  log(...values: any[]): void;
  error(...values: any[]): void;
  warn(...values: any[]): void;
  info(...values: any[]): void;
  debug(...values: any[]): void;
};
declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearTimeout(handle: any): void;
declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): any;
declare function readline(): string | null;
declare function print(...values: any[]): void;
declare function putstr(...values: any[]): void;
declare function printErr(...values: any[]): void;

// Preloaded (`node --import`) into a real `flowgate start` process by the crash tests: a request
// carrying the header X-Test-Crash-Before-Answer kills the process (SIGKILL) at the moment its
// answer would be written, after the server committed what the request did and before the sender
// learns of it; the sender sees its connection drop, as when a server crashes or a proxy times out.
import { ServerResponse } from 'node:http';

const writeHead = ServerResponse.prototype.writeHead;
ServerResponse.prototype.writeHead = function writeHeadOrCrash(...args) {
  if (this.req?.headers['x-test-crash-before-answer'] !== undefined) process.kill(process.pid, 'SIGKILL');
  return writeHead.apply(this, args);
};

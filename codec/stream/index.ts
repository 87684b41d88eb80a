/** Streams of messages: from one buffer, from chunks as they arrive (files, pipes, sockets). */
export { decodeStream, decodeMessages, MessageFramer, shiftError, type StreamItem } from './messages.js';

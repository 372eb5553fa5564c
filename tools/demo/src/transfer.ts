// Sends a payload over a data channel in chunks with bufferedAmountLow flow control, the way a
// browser app would: keep at most `high` bytes queued, refill on bufferedamountlow.
import type { RTCDataChannel } from '@rtc/peer';

export interface TransferOptions {
  chunkSize: number;
  highWater: number;
  onProgress?: (sent: number) => void;
}

export function sendPayload(
  channel: RTCDataChannel,
  payload: Uint8Array,
  options: TransferOptions,
): Promise<void> {
  const { chunkSize, highWater } = options;
  channel.bufferedAmountLowThreshold = Math.floor(highWater / 2);
  let offset = 0;
  return new Promise((resolve, reject) => {
    const pump = () => {
      try {
        while (offset < payload.length && channel.bufferedAmount < highWater) {
          const end = Math.min(offset + chunkSize, payload.length);
          channel.send(payload.subarray(offset, end));
          offset = end;
          options.onProgress?.(offset);
        }
      } catch (e) {
        channel.removeEventListener('bufferedamountlow', pump);
        reject(e);
        return;
      }
      if (offset >= payload.length) {
        channel.removeEventListener('bufferedamountlow', pump);
        resolve();
      }
    };
    channel.addEventListener('bufferedamountlow', pump);
    pump();
  });
}

/** A one-line progress bar: [#####.....]  42% 6.7/16.0 MiB */
export function progressBar(done: number, total: number, width = 30): string {
  const ratio = total === 0 ? 1 : done / total;
  const filled = Math.round(ratio * width);
  const mib = (n: number) => (n / 1048576).toFixed(1);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${mib(done)}/${mib(total)} MiB`;
}

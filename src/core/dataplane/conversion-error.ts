/** Thrown inside the converter where the control plane's conversion fails; caught at its boundary. */
export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionError';
  }
}

package dev.hai.core.phi;

/**
 * The kinds of identifier a {@link PhiRedactor} finds, after the HIPAA Safe Harbor list
 * (45 CFR 164.514(b)(2)). Each constant's {@link #tag()} is what {@link PhiRedactor.Operator#MASK}
 * writes in its place.
 */
public enum PhiType {
  /** A person's name: patient, relative, clinician, signer. */
  NAME,
  /** An element of a date other than the year (the year too, unless {@code keepYear}). */
  DATE,
  /** An age over 89 (Safe Harbor lets ages up to 89 stay). */
  AGE_OVER_89,
  /** A telephone number. */
  PHONE,
  /** A fax number: a telephone number labelled as fax. */
  FAX,
  /** An e-mail address. */
  EMAIL,
  /** A social security number. */
  SSN,
  /** A medical record number. */
  MRN,
  /** An account, health-plan beneficiary, member, policy or claim number. */
  ACCOUNT,
  /** A street address or PO box, with its city when the city follows it. */
  ADDRESS,
  /** A ZIP code. */
  ZIP,
  /** A web address. */
  URL,
  /** An IPv4 address. */
  IP_ADDRESS,
  /** A device identifier or serial number (implants, pumps, monitors). */
  DEVICE_ID,
  /** A vehicle identifier: VIN or licence plate. */
  VEHICLE_ID,
  /** A certificate or licence number: driver's licence, DEA, NPI, state licence. */
  LICENSE;

  /** The mask tag, for example {@code [NAME]}. */
  public String tag() {
    return "[" + name() + "]";
  }
}

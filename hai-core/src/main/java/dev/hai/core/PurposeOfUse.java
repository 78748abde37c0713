package dev.hai.core;

/**
 * Why data is being used, after the HL7 v3 PurposeOfUse code system. Policies decide on it, and
 * it is recorded with every call.
 */
public enum PurposeOfUse {
  /** Direct care of the patient. HL7 {@code TREAT}. */
  TREATMENT("TREAT"),
  /** Emergency care; often paired with break-glass access. HL7 {@code ETREAT}. */
  EMERGENCY_TREATMENT("ETREAT"),
  /** Billing and claims. HL7 {@code HPAYMT}. */
  PAYMENT("HPAYMT"),
  /** Healthcare operations: scheduling, administration. HL7 {@code HOPERAT}. */
  OPERATIONS("HOPERAT"),
  /** Quality improvement and clinical audit. HL7 {@code HQUALIMP}. */
  QUALITY_IMPROVEMENT("HQUALIMP"),
  /** Research. HL7 {@code HRESCH}. */
  RESEARCH("HRESCH"),
  /** Public health reporting. HL7 {@code PUBHLTH}. */
  PUBLIC_HEALTH("PUBHLTH"),
  /** At the patient's own request. HL7 {@code PATRQT}. */
  PATIENT_REQUEST("PATRQT"),
  /** System administration and testing, no care decision. HL7 {@code SYSADMIN}. */
  SYSTEM_ADMINISTRATION("SYSADMIN");

  private final String hl7Code;

  PurposeOfUse(String hl7Code) {
    this.hl7Code = hl7Code;
  }

  /** The HL7 v3 code, for example {@code "TREAT"}. */
  public String hl7Code() {
    return hl7Code;
  }

  /**
   * Parses an enum name ({@code "TREATMENT"}) or an HL7 code ({@code "TREAT"}), case-insensitively.
   *
   * @throws InvalidRequestException if the value is neither
   */
  public static PurposeOfUse parse(String value) {
    for (PurposeOfUse p : values()) {
      if (p.name().equalsIgnoreCase(value) || p.hl7Code.equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw new InvalidRequestException(
        "caller.purposeOfUse", "unknown purpose of use '" + value + "'; use one of " + java.util.Arrays.toString(values()));
  }
}

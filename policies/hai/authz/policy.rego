# HAI starter policy: the compliance rules of a typical hospital, as a starting point.
#
# HAI asks for data.hai.authz.decision with the input document described in
# docs/policy-authoring.md and answers a call with it:
#   {"allow": bool, "reasons": [string], "obligations": {...}}
# Edit the rules, keep the tests in policy_test.rego passing (opa test policies/), and rebuild the
# bundle (policies/build.sh).
package hai.authz

# Purposes for which PHI may go to an external model (under a BAA).
treatment_purposes := {"TREATMENT", "EMERGENCY_TREATMENT"}

# Prompts only attending physicians may use (unless they break the glass).
attending_only_prompts := {"discharge-summary"}

# The shortest break-glass justification accepted.
min_justification_length := 20

# Output token caps per prompt; the default is max_output_tokens' below.
prompt_max_output_tokens := {"discharge-summary": 4096}

decision := {
	"allow": count(deny) == 0,
	"reasons": sort(deny),
	"obligations": {
		"redact_phi": redact_phi,
		"max_output_tokens": max_output_tokens,
		"allowed_models": allowed_models,
		"require_human_review": input.break_glass.enabled,
		"audit_content": input.break_glass.enabled,
	},
}

# --- who may use which prompt ---

deny contains "only attending physicians may use the discharge-summary prompt" if {
	input.prompt.id in attending_only_prompts
	input.actor.role != "attending-physician"
	not break_glass_valid
}

# --- break-glass: needs a justification, and is always reviewed (obligations above) ---

break_glass_valid if {
	input.break_glass.enabled
	count(trim_space(input.break_glass.justification)) >= min_justification_length
}

deny contains sprintf("break-glass needs a justification of at least %d characters", [min_justification_length]) if {
	input.break_glass.enabled
	not break_glass_valid
}

# --- PHI: to an external model only under a BAA and only for treatment ---

# For other purposes PHI is redacted before any external model sees it.
default redact_phi := false

redact_phi if {
	input.phi.detected
	not input.purpose_of_use in treatment_purposes
}

phi_may_go_to(m) if m.hosting == "local"

phi_may_go_to(m) if {
	m.baa
	input.purpose_of_use in treatment_purposes
}

# A prompt classified "restricted" runs on local models only.
restricted if input.prompt.data_classification == "restricted"

model_ok(m) if {
	not restricted
	not input.phi.detected
}

model_ok(m) if {
	not restricted
	redact_phi
}

model_ok(m) if {
	not restricted
	phi_may_go_to(m)
}

model_ok(m) if {
	restricted
	m.hosting == "local"
}

allowed_models := [m.backend | some m in input.models; model_ok(m)]

deny contains "PHI may go to an external model only under a BAA and only for treatment: no configured model qualifies" if {
	count(allowed_models) == 0
	not restricted
}

deny contains "this prompt is classified restricted and runs on local models only: none is configured" if {
	count(allowed_models) == 0
	restricted
}

# --- consent and purpose ---

deny contains "the patient has not consented to research use" if {
	input.purpose_of_use == "RESEARCH"
	input.patient.consent.research == false
}

deny contains "system administration may not process PHI" if {
	input.purpose_of_use == "SYSTEM_ADMINISTRATION"
	input.phi.detected
}

# --- output size ---

default max_output_tokens := 1024

max_output_tokens := prompt_max_output_tokens[input.prompt.id]

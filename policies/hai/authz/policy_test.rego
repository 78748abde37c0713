package hai.authz_test

import data.hai.authz

# A call everyone agrees on: an attending physician, treatment, no PHI, one local model.
base := {
	"actor": {"id": "u-1", "role": "attending-physician", "attributes": {}},
	"purpose_of_use": "TREATMENT",
	"tenant": "cardiology",
	"patient": null,
	"prompt": {"id": "discharge-summary", "version": "1.2.0", "hash": "ab12", "labels": ["prod"], "data_classification": null},
	"model": local,
	"models": [local],
	"phi": {"detected": false, "total": 0, "types": {}},
	"break_glass": {"enabled": false, "justification": null},
	"time": "2026-11-26T05:00:00Z",
}

local := {"backend": "gpu", "id": "llama-3.1-8b", "provider": "llama.cpp", "hosting": "local", "baa": false}

cloud_baa := {"backend": "anthropic", "id": "claude", "provider": "anthropic", "hosting": "external", "baa": true}

cloud_no_baa := {"backend": "openai", "id": "gpt", "provider": "openai", "hosting": "external", "baa": false}

phi := {"detected": true, "total": 2, "types": {"NAME": 1, "MRN": 1}}

with_models(models) := object.union(base, {"model": models[0], "models": models})

# --- attending-only prompt ---

test_attending_may_use_discharge_summary if {
	d := authz.decision with input as base
	d.allow
	d.reasons == []
	d.obligations.max_output_tokens == 4096
}

test_resident_may_not_use_discharge_summary if {
	d := authz.decision with input as object.union(base, {"actor": {"id": "u-2", "role": "resident", "attributes": {}}})
	not d.allow
	d.reasons == ["only attending physicians may use the discharge-summary prompt"]
}

test_resident_may_use_other_prompts if {
	call := object.union(base, {
		"actor": {"id": "u-2", "role": "resident", "attributes": {}},
		"prompt": {"id": "note-summary", "version": "1.0.0", "hash": "cd", "labels": [], "data_classification": null},
	})
	d := authz.decision with input as call
	d.allow
	d.obligations.max_output_tokens == 1024
}

test_inline_messages_have_no_prompt if {
	d := authz.decision with input as object.union(base, {"prompt": null})
	d.allow
	d.obligations.max_output_tokens == 1024
}

# --- break-glass ---

test_break_glass_with_justification_lets_a_resident_in_and_is_reviewed if {
	call := object.union(base, {
		"actor": {"id": "u-2", "role": "resident", "attributes": {}},
		"break_glass": {"enabled": true, "justification": "patient crashing, attending in theatre"},
	})
	d := authz.decision with input as call
	d.allow
	d.obligations.require_human_review
	d.obligations.audit_content
}

test_break_glass_without_justification_is_denied if {
	d := authz.decision with input as object.union(base, {"break_glass": {"enabled": true, "justification": "   "}})
	not d.allow
	d.reasons == ["break-glass needs a justification of at least 20 characters"]
}

test_break_glass_with_null_justification_is_denied if {
	d := authz.decision with input as object.union(base, {"break_glass": {"enabled": true, "justification": null}})
	not d.allow
}

test_no_break_glass_no_review if {
	d := authz.decision with input as base
	not d.obligations.require_human_review
	not d.obligations.audit_content
}

# --- PHI and external models ---

test_phi_for_treatment_goes_to_baa_models_only if {
	call := object.union(with_models([cloud_no_baa, cloud_baa, local]), {"phi": phi})
	d := authz.decision with input as call
	d.allow
	d.obligations.allowed_models == ["anthropic", "gpu"]
	not d.obligations.redact_phi
}

test_phi_for_treatment_without_baa_or_local_is_denied if {
	call := object.union(with_models([cloud_no_baa]), {"phi": phi})
	d := authz.decision with input as call
	not d.allow
	d.reasons == ["PHI may go to an external model only under a BAA and only for treatment: no configured model qualifies"]
}

test_phi_for_research_is_redacted_before_any_model if {
	call := object.union(with_models([cloud_no_baa]), {"phi": phi, "purpose_of_use": "QUALITY_IMPROVEMENT"})
	d := authz.decision with input as call
	d.allow
	d.obligations.redact_phi
	d.obligations.allowed_models == ["openai"]
}

test_no_phi_any_model if {
	d := authz.decision with input as with_models([cloud_no_baa, local])
	d.allow
	d.obligations.allowed_models == ["openai", "gpu"]
	not d.obligations.redact_phi
}

# --- data classification ---

test_restricted_prompt_runs_locally_only if {
	call := object.union(with_models([cloud_baa, local]), {"prompt": {"id": "psych-note", "version": "1.0.0", "hash": "ef", "labels": [], "data_classification": "restricted"}})
	d := authz.decision with input as call
	d.allow
	d.obligations.allowed_models == ["gpu"]
}

test_restricted_prompt_without_local_model_is_denied if {
	call := object.union(with_models([cloud_baa]), {"prompt": {"id": "psych-note", "version": "1.0.0", "hash": "ef", "labels": [], "data_classification": "restricted"}})
	d := authz.decision with input as call
	not d.allow
	d.reasons == ["this prompt is classified restricted and runs on local models only: none is configured"]
}

# --- consent and purpose ---

test_research_without_consent_is_denied if {
	call := object.union(base, {"purpose_of_use": "RESEARCH", "patient": {"ref": null, "consent": {"research": false}}})
	d := authz.decision with input as call
	not d.allow
	d.reasons == ["the patient has not consented to research use"]
}

test_research_with_consent_is_allowed if {
	call := object.union(base, {"purpose_of_use": "RESEARCH", "patient": {"ref": null, "consent": {"research": true}}})
	d := authz.decision with input as call
	d.allow
}

test_system_administration_with_phi_is_denied if {
	call := object.union(base, {"purpose_of_use": "SYSTEM_ADMINISTRATION", "phi": phi})
	d := authz.decision with input as call
	not d.allow
	"system administration may not process PHI" in d.reasons
}

test_several_reasons_are_sorted if {
	call := object.union(with_models([cloud_no_baa]), {
		"actor": {"id": "u-2", "role": "nurse", "attributes": {}},
		"phi": phi,
	})
	d := authz.decision with input as call
	d.reasons == [
		"PHI may go to an external model only under a BAA and only for treatment: no configured model qualifies",
		"only attending physicians may use the discharge-summary prompt",
	]
}

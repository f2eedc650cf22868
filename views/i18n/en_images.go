package i18n

// English strings of custom images, instances and their dialogs.
func init() { merge(en, enImages) }

var enImages = map[string]string{
	"nav.instances": "Instances",
	"action.cancel": "Cancel",
	"action.save":   "Save changes",

	"type.PUBLIC_IMAGE":      "Public image",
	"type.PRIVATE_IMAGE":     "Custom image (yours)",
	"type.SHARED_IMAGE":      "Shared with you",
	"source.OFFICIAL":        "Official",
	"source.CREATEIMAGE":     "Created from an instance",
	"source.COPY":            "Copy of another image",
	"images.col.actions":     "Actions",
	"images.copy":            "Copy to regions",
	"images.edit":            "Edit",
	"images.delete":          "Delete",
	"images.action_label":    "%s: %s",
	"image.name":             "Image name",
	"image.name_hint":        "1 to 60 characters, unique among your images in this region.",
	"image.description":      "Description",
	"image.description_hint": "Optional, at most 256 characters.",

	"image.not_found":            "Image %s does not exist, or you do not have access to it.",
	"image.not_yours":            "Only the account that owns a custom image can do this; public images belong to the platform.",
	"image.shared_no_modify":     "This image is shared with you: only its owner can change its name or description.",
	"image.shared_no_delete":     "This image is shared with you: you cannot delete it. Only its owner can.",
	"image.shared_no_copy":       "This image is shared with you: you cannot copy it to other regions. Ask its owner to copy it and share the copy.",
	"image.name_taken":           "You already have an image called %q in %s. Choose another name.",
	"image.quota_exceeded":       "Custom image quota reached in %s: %d of %d used. Delete custom images you no longer need in that region, or ask your platform administrator for a higher quota.",
	"image.not_normal":           "The image is %s: only images in the Normal state can be used for this.",
	"image.other_region":         "Image %s is in %s; it can only be used there, not in %s. Switch to the image's region, or copy the image to this region first.",
	"image.delete_busy":          "The image is still being created or copied. Wait until it is finished, then delete it.",
	"image.delete_shared":        "The image is shared with %d account: %s. Cancel its share first, then delete it.|The image is shared with %d accounts: %s. Cancel all its shares first, then delete it.",
	"image.delete_shared_count":  "The image is shared with %d account. Cancel its share first, then delete it.|The image is shared with %d accounts. Cancel all its shares first, then delete it.",
	"image.copy_no_region":       "Choose at least one region to copy to.",
	"image.copy_same_region":     "The image is already in %s: choose other regions.",
	"image.failed_instance_gone": "The instance was terminated before the image was complete.",
	"image.failed_simulator":     "The simulator failed repeatedly while making this image. Delete it and try again.",

	"instances.title":             "Instances",
	"instances.launch":            "Launch instance",
	"instances.simulated":         "Instances here are simulated by the console's built-in compute simulator: they have a real lifecycle and can become images, but run no workload.",
	"instances.empty_title":       "No instances in %s",
	"instances.empty_text":        "Launch one from a public image, one of your custom images, or an image shared with you in this region.",
	"instances.col.zone_type":     "Zone / type",
	"instances.col.image":         "Image",
	"instances.stop":              "Stop",
	"instances.start":             "Start",
	"instances.reinstall":         "Reinstall",
	"instances.create_image":      "Create image",
	"instances.terminate":         "Terminate",
	"instances.action_label":      "%s %s",
	"instances.terminate_title":   "Terminate instance?",
	"instances.terminate_text":    "Instance %s (%s) will be terminated. This cannot be undone. Images made from it are not affected.",
	"instances.terminate_confirm": "Terminate",
	"instance.not_found":          "Instance %s does not exist, or you do not have access to it.",
	"instance.count_range":        "Launch between 1 and %d instances at a time.",
	"instance.zone_mismatch":      "Zone %s is not in %s: instances are created in a zone of the image's region.",
	"instance.arch_mismatch":      "Instance type %s runs %s images; this image is %s. Choose a matching type.",
	"instance.wrong_state":        "The instance is %s: this action is not possible now.",

	"launch.title":               "Launch instance",
	"launch.region_fixed":        "Region: %s, the image's region. Instances can only be launched from an image in its own region.",
	"launch.region_current":      "Region: %s. To launch elsewhere, switch region in the header.",
	"launch.image":               "Image",
	"launch.image_choose":        "Choose an image",
	"launch.image_option":        "%s (%s, %s)",
	"launch.image_option_shared": "%s — shared by account %s (%s) · %s, %s",
	"launch.zone":                "Availability zone",
	"launch.type":                "Instance type",
	"launch.type_option":         "%s — %d vCPU, %d GB, %s",
	"launch.name":                "Instance name",
	"launch.name_hint":           "Several instances are numbered: name-1, name-2…",
	"launch.count":               "Number of instances",

	"reinstall.title":            "Reinstall instance",
	"reinstall.subtitle":         "Instance %s (%s) in %s. Only images of this region are offered.",
	"reinstall.confirm":          "I understand that the system disk is erased and replaced by the chosen image.",
	"reinstall.confirm_required": "Confirm that the system disk may be erased.",

	"create_image.title":    "Create custom image",
	"create_image.subtitle": "From instance %s (%s) in %s. The image counts toward your quota in that region.",
	"create_image.submit":   "Create image",

	"detail.breadcrumb":       "Breadcrumb",
	"detail.attributes":       "Attributes",
	"detail.region":           "Region",
	"detail.type":             "Type",
	"detail.source":           "Source",
	"detail.shared_by":        "Shared by %s, account %s.",
	"detail.copies":           "Copies in other regions",
	"detail.edit":             "Name and description",
	"detail.impact":           "Instances launched from this image",
	"detail.impact_none":      "No running instance was launched from this image.",
	"detail.impact_total":     "%d instance, by account:|%d instances, by account:",
	"detail.impact_instances": "%d instance|%d instances",

	"copy.title":        "Copy image to other regions",
	"copy.subtitle":     "Copy %s (%s) from %s. Each copy is a new custom image of yours in its region, with no shares.",
	"copy.regions":      "Target regions",
	"copy.regions_hint": "Each copy counts toward your quota in its region.",
	"copy.quota_full":   "Quota full: %d of %d used",
	"copy.name":         "Name of the copies",
	"copy.name_hint":    "Defaults to the source image's name.",
	"copy.submit":       "Start copying",

	"delete.title":          "Delete image?",
	"delete.text":           "Image %s (%s) in %s will be deleted. This cannot be undone.",
	"delete.refused":        "This image cannot be deleted yet",
	"delete.subject":        "Image %s (%s) in %s.",
	"delete.back":           "Back to the image",
	"delete.instances_kept": "Deleting the image does not touch these instances: they keep running.",
	"delete.confirm":        "Delete image",

	"flash.instances_launched":    "%d instance launching. It will be running in a moment.|%d instances launching. They will be running in a moment.",
	"flash.instance_stopped":      "Instance %s stopped.",
	"flash.instance_started":      "Instance %s started.",
	"flash.instance_terminated":   "Instance %s terminated.",
	"flash.instance_reinstalling": "Instance %s is being reinstalled.",
	"flash.image_creating":        "Image %s is being created. Follow its progress here.",
	"flash.image_updated":         "Image %s saved.",
	"flash.image_deleted":         "Image %s deleted.",
	"flash.copy_started":          "Copying to %d region: %s. Follow the copy below.|Copying to %d regions: %s. Follow the copies below.",
}

// merge adds a section's strings to a catalogue. A key defined twice is a
// programming error, caught at start-up by any test or run.
func merge(dst, src map[string]string) {
	for k, v := range src {
		if _, dup := dst[k]; dup {
			panic("i18n: key defined twice: " + k)
		}
		dst[k] = v
	}
}

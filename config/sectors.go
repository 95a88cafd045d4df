package config

// defaultSectors are the newsletter's own sections, in the order it printed
// them. Aliases are what members type (/shared news nhs); keywords seed the
// sector suggester, so they are the words a UK public-sector editor would
// see in a headline or summary and recognise as that sector. Words common
// to every story ("shared service", "council") are kept out of the specific
// sectors because they would pull every story the same way.
func defaultSectors() []Sector {
	return []Sector{
		{
			Slug:    "local-government",
			Name:    "Local Government",
			Aliases: []string{"councils", "local gov", "local authorities", "lg"},
			Keywords: []string{
				"local authority", "local authorities", "borough council", "district council",
				"county council", "city council", "unitary authority", "unitary", "combined authority",
				"metropolitan borough", "parish council", "town council", "councillor", "councillors",
				"council leader", "cabinet member", "lga", "local government association",
				"council tax", "business rates", "revenues and benefits", "waste collection",
				"bin collections", "refuse", "recycling", "planning", "libraries", "leisure centre",
				"trading standards", "environmental health", "devolution", "reorganisation",
				"local government finance", "section 151", "joint committee",
				"tri-borough", "mhclg",
			},
		},
		{
			Slug:    "health",
			Name:    "Health & Social Care",
			Aliases: []string{"social care", "nhs", "health and social care", "healthcare"},
			Keywords: []string{
				"nhs", "nhs england", "nhs trust", "foundation trust", "trust", "hospital", "hospitals",
				"ccg", "clinical commissioning group", "integrated care", "integrated care board", "icb",
				"integrated care system", "gp", "gps", "general practice", "primary care",
				"acute", "patients", "patient", "clinical", "clinicians", "nurses", "nursing",
				"social care", "adult social care", "care homes", "home care", "public health",
				"health and wellbeing board", "better care fund", "mental health", "pharmacy",
				"commissioning", "cqc", "dhsc", "department of health", "a&e", "waiting lists",
				"commissioning support unit",
			},
		},
		{
			Slug:    "education",
			Name:    "Further/Higher Education",
			Aliases: []string{"higher education", "further education", "universities", "colleges", "he", "fe", "education"},
			Keywords: []string{
				"university", "universities", "college", "colleges", "further education",
				"higher education", "fe college", "sixth form", "students", "student", "academic",
				"campus", "vice-chancellor", "jisc", "hefce", "office for students", "ucas",
				"research council", "tuition", "apprenticeships", "apprenticeship", "skills",
				"learners", "teaching", "academy", "academies", "multi-academy trust", "schools",
				"school", "department for education", "dfe", "ofsted", "universities uk",
				"association of colleges", "ucisa", "russell group",
			},
		},
		{
			Slug:    "blue-light",
			Name:    "Blue Light Services",
			Aliases: []string{"police", "fire", "ambulance", "emergency", "emergency services", "blue light"},
			Keywords: []string{
				"police", "policing", "police force", "constabulary", "chief constable",
				"police and crime commissioner", "pcc", "officers", "crime", "fire",
				"fire and rescue", "fire service", "fire authority", "firefighters", "fire station",
				"ambulance", "ambulance service", "paramedics", "999", "emergency services",
				"emergency", "blue light", "control room", "joint control room", "home office",
				"npcc", "national police chiefs", "college of policing", "resilience",
				"civil contingencies", "emergency services network", "airwave", "coastguard",
			},
		},
		{
			Slug:    "housing",
			Name:    "Housing",
			Aliases: []string{"social housing", "housing associations", "homes"},
			Keywords: []string{
				"housing", "housing association", "housing associations", "social housing",
				"council housing", "affordable housing", "supported housing", "sheltered housing",
				"homes", "new homes", "housebuilding", "homelessness", "homeless", "rough sleeping",
				"tenants", "tenancy", "tenant", "landlord", "landlords", "registered provider",
				"registered providers", "almo", "arm's length management organisation",
				"housing benefit", "rent", "rents", "repairs", "stock transfer", "regeneration",
				"estate", "homes england", "regulator of social housing", "national housing federation",
				"right to buy",
			},
		},
		{
			Slug:    "private-sector",
			Name:    "Private Sector Collaborations",
			Aliases: []string{"private sector", "private", "business", "outsourcing"},
			Keywords: []string{
				"private sector", "outsourcing", "outsourced", "outsource", "contractor",
				"contractors", "supplier", "suppliers", "joint venture", "public-private partnership",
				"ppp", "pfi", "private finance initiative", "strategic partnership",
				"commercial partner", "trading company", "local authority trading company", "teckal",
				"wholly owned company", "commercialisation", "social enterprise", "mutual", "spin-out",
				"sme", "smes", "business", "businesses", "firm", "company", "profit", "investors",
				"capita", "serco", "sopra steria", "mitie", "amey", "kier", "bt",
			},
		},
		{
			Slug:    "leadership",
			Name:    "Collaborative Leadership",
			Aliases: []string{"collaborative leadership", "leaders", "management"},
			Keywords: []string{
				"leadership", "leader", "leaders", "chief executive", "shared chief executive",
				"joint chief executive", "managing director", "director", "directors",
				"senior management", "management team", "shared management team", "succession",
				"appointed", "appointment", "recruitment", "workforce", "culture",
				"change management", "transformation", "organisational development", "staff",
				"hr", "human resources", "talent", "coaching", "mentoring", "training",
				"governance", "accountability", "systems leadership", "public service reform",
				"partnership working", "integration",
			},
		},
		{
			Slug:    "highway-code",
			Name:    "Highway Code",
			Aliases: []string{"ict", "procurement", "practice notes", "digital", "technology"},
			Keywords: []string{
				"ict", "it services", "it systems", "digital", "technology", "software", "cloud",
				"data centre", "data sharing", "cyber", "cyber security", "broadband", "network",
				"data protection", "psn", "public services network", "gds",
				"government digital service", "open source", "erp", "procurement", "ojeu",
				"framework", "frameworks", "crown commercial service", "ccs", "tender", "tendering",
				"g-cloud", "dynamic purchasing system", "contract management",
				"practice notes", "guidance", "toolkit", "best practice", "case study",
				"business case", "benchmarking", "lessons learned",
			},
		},
		{
			Slug:    "international",
			Name:    "International",
			Aliases: []string{"global", "overseas", "world"},
			Keywords: []string{
				"international", "overseas", "abroad", "global", "worldwide", "europe", "european",
				"eu", "european union", "european commission", "oecd", "united nations", "world bank",
				"usa", "united states", "american", "canada", "canadian", "australia", "australian",
				"new zealand", "ireland", "irish", "netherlands", "dutch", "germany", "german",
				"france", "french", "denmark", "sweden", "norway", "nordic", "federal",
				"municipality", "municipalities", "municipal",
			},
		},
		{
			Slug:    "other",
			Name:    "Other collaborative items",
			Aliases: []string{"misc", "miscellaneous", "general"},
			// The catch-all has no keywords: the words that would fit it
			// ("partnership", "shared services") are in nearly every story
			// of this newsletter, so they would pull everything here.
			Keywords: []string{},
		},
	}
}

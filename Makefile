# Arsip: `make run` (set up, index corpus/, serve on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= corpus
INDEX  ?= var/index
HOST   ?= 127.0.0.1
PORT   ?= 5000
SHARED ?= ../shared/corpus

.PHONY: install run index serve test test-fast check lint format bench bench-scale eval browser clean \
	cluster-up cluster-down bench-cluster eval-cluster profile-extraction

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

index: install
	$(BIN)/arsip index --corpus $(CORPUS) --index $(INDEX)

run: index
	$(BIN)/arsip serve --corpus $(CORPUS) --index $(INDEX) --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/arsip serve --corpus $(CORPUS) --index $(INDEX) --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests; installed when missing and we may (root + apt).
browser:
	@./.ci/install-browser

test: install browser
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser"

# What to run before every commit: lint, then every test.
check: lint test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench.run_bench --shared $(SHARED)

eval: install
	$(BIN)/python -m bench.run_eval --shared $(SHARED)

# Archive scale (generated corpora of 10k and 100k articles; SIZES=10000,100000,1000000 for 1M)
SIZES ?= 10000,100000
bench-scale: install
	$(BIN)/python -m bench.run_scale --sizes $(SIZES)

# What one article's extraction costs, stage by stage (indexing waits for extraction)
profile-extraction: install
	$(BIN)/python -m bench.profile_extraction

clean:
	rm -rf $(VENV) var artifacts .pytest_cache .ruff_cache .hypothesis *.egg-info

# A local SolrCloud cluster (ZooKeeper + two Solr nodes from Maven Central, collection "arsip" of
# 2 shards x 2 replicas); var/cluster/cluster.json says where. Arsip on it:
#   ARSIP_BACKEND=solr ARSIP_SOLR_URL=<a node URL from cluster.json> .venv/bin/arsip index
cluster-up: install
	$(BIN)/python -m cluster.local up

cluster-down: install
	$(BIN)/python -m cluster.local down

# Retrieval quality of Arsip on the cluster beside Whoosh and the baselines (needs `make cluster-up`)
eval-cluster: install
	$(BIN)/python -m bench.run_eval --shared $(SHARED) --only retrieval --solr

# The generated corpus into the cluster and into Whoosh in one run (needs `make cluster-up`)
CLUSTER_SIZE ?= 100000
bench-cluster: install
	$(BIN)/python -m bench.run_cluster --size $(CLUSTER_SIZE) --shared $(SHARED)

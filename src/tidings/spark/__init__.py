"""Scale-out on Apache Spark: the same read -> understand -> code pipeline over many articles.

- :mod:`tidings.spark.records`: the engine-free core. Plain functions from input records to
  output rows (no Spark import), used by the Spark job's ``mapInArrow`` steps and by tests.
- :mod:`tidings.spark.job`: the Spark job (``tidings spark run``, ``spark-submit``).
- :mod:`tidings.spark.load`: bulk-load the job's Parquet output into SQLite/PostgreSQL
  (``tidings load``), without Spark.
"""

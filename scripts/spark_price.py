"""The main file for spark-submit: `blaresept batch price … --engine spark` on the cluster spark-submit names.

    spark-submit --master spark://host:7077 --py-files dist/blaresept-0.1.0-py3-none-any.whl \\
        scripts/spark_price.py /shared/year /shared/priced [--reform …]

Arguments are those of `blaresept batch price`; the master is spark-submit's (unless --spark-master is given).
See docs/batch.md, «On a Spark cluster».
"""

import sys

from blaresept.cli import main

if __name__ == "__main__":
    sys.argv = ["blaresept", "batch", "price", *sys.argv[1:], "--engine", "spark"]
    main()

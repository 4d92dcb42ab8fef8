from booklet.launch import main

main()
